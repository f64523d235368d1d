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
  learned: number | null
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
  learned: r.learned === null ? null : r.learned === 1,
  createdAt: r.created_at,
})

export function datasetsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO datasets (name, kind, source, path, bytes, sha256, meta, learned, created_at)
     VALUES (@name, @kind, @source, @path, @bytes, @sha256, @meta, @learned, @now) RETURNING *`,
  )
  const setLearned = db.prepare<[number | null, number]>('UPDATE datasets SET learned = ? WHERE id = ?')
  const remove = db.prepare<[number]>('DELETE FROM datasets WHERE id = ?')
  const byName = db.prepare<[string], Row>('SELECT * FROM datasets WHERE name = ?')
  const byId = db.prepare<[number], Row>('SELECT * FROM datasets WHERE id = ?')
  const all = db.prepare<[], Row>('SELECT * FROM datasets ORDER BY name')

  return {
    create(input: Required<DatasetCreate>, now = Date.now()): Dataset {
      if (byName.get(input.name)) throw new AppError('CONFLICT', `A dataset named "${input.name}" already exists`)
      return toDataset(insert.get({ ...input, meta: toJson(input.meta), learned: input.learned === null ? null : input.learned ? 1 : 0, now }) as Row)
    },
    byName(name: string): Dataset | undefined {
      const row = byName.get(name)
      return row ? toDataset(row) : undefined
    },
    /** The researcher's "learned in pre-training" mark: true, false or null (unmarked). */
    setLearned(id: number, learned: boolean | null): Dataset {
      if (setLearned.run(learned === null ? null : learned ? 1 : 0, id).changes === 0) throw notFound('Dataset', id)
      return this.get(id)
    },
    delete(id: number): void {
      if (remove.run(id).changes === 0) throw notFound('Dataset', id)
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
