import type { Dataset, DatasetCreate } from '../../../shared'
import { AppError, notFound } from '../errors'
import type { Db } from './database'
import { fromJson, toJson } from './json'

interface Row {
  id: number
  name: string
  kind: Dataset['kind']
  source: string
  path: string
  bytes: number
  sha256: string
  meta: string
  created_at: number
}

const toDataset = (r: Row): Dataset => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  source: r.source,
  path: r.path,
  bytes: r.bytes,
  sha256: r.sha256,
  meta: fromJson(r.meta),
  createdAt: r.created_at,
})

export function datasetsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO datasets (name, kind, source, path, bytes, sha256, meta, created_at)
     VALUES (@name, @kind, @source, @path, @bytes, @sha256, @meta, @now) RETURNING *`,
  )
  const byName = db.prepare<[string], Row>('SELECT * FROM datasets WHERE name = ?')
  const byId = db.prepare<[number], Row>('SELECT * FROM datasets WHERE id = ?')
  const all = db.prepare<[], Row>('SELECT * FROM datasets ORDER BY name')

  return {
    create(input: Required<DatasetCreate>, now = Date.now()): Dataset {
      if (byName.get(input.name)) throw new AppError('CONFLICT', `A dataset named "${input.name}" already exists`)
      return toDataset(insert.get({ ...input, meta: toJson(input.meta), now }) as Row)
    },
    get(id: number): Dataset {
      const row = byId.get(id)
      if (!row) throw notFound('Dataset', id)
      return toDataset(row)
    },
    list(): Dataset[] {
      return all.all().map(toDataset)
    },
  }
}
