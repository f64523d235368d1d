import type { Checkpoint, CheckpointCreate } from '../../../shared'
import { notFound } from '../errors'
import type { Db } from './database'

interface Row {
  id: number
  run_id: number
  step: number
  tokens: number
  path: string
  bytes: number
  sha256: string
  created_at: number
}

const toCheckpoint = (r: Row): Checkpoint => ({
  id: r.id,
  runId: r.run_id,
  step: r.step,
  tokens: r.tokens,
  path: r.path,
  bytes: r.bytes,
  sha256: r.sha256,
  createdAt: r.created_at,
})

export function checkpointsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO checkpoints (run_id, step, tokens, path, bytes, sha256, created_at)
     VALUES (@runId, @step, @tokens, @path, @bytes, @sha256, @now)
     ON CONFLICT (run_id, step) DO UPDATE SET tokens = excluded.tokens, path = excluded.path,
       bytes = excluded.bytes, sha256 = excluded.sha256, created_at = excluded.created_at
     RETURNING *`,
  )
  const byId = db.prepare<[number], Row>('SELECT * FROM checkpoints WHERE id = ?')
  const byRun = db.prepare<[number], Row>('SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step')
  const all = db.prepare<[], Row>('SELECT * FROM checkpoints ORDER BY run_id, step')
  const atStep = db.prepare<[number, number], Row>('SELECT * FROM checkpoints WHERE run_id = ? AND step = ?')
  const byPath = db.prepare<[string], Row>('SELECT * FROM checkpoints WHERE path = ? ORDER BY id DESC LIMIT 1')
  const latest = db.prepare<[number], Row>('SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1')

  return {
    /** A checkpoint re-saved at the same step of the same run (after a resume) replaces the old row. */
    create(input: CheckpointCreate, now = Date.now()): Checkpoint {
      return toCheckpoint(insert.get({ ...input, now }) as Row)
    },
    get(id: number): Checkpoint {
      const row = byId.get(id)
      if (!row) throw notFound('Checkpoint', id)
      return toCheckpoint(row)
    },
    listByRun(runId: number): Checkpoint[] {
      return byRun.all(runId).map(toCheckpoint)
    },
    atStep(runId: number, step: number): Checkpoint | undefined {
      const row = atStep.get(runId, step)
      return row ? toCheckpoint(row) : undefined
    },
    byPath(path: string): Checkpoint | undefined {
      const row = byPath.get(path)
      return row ? toCheckpoint(row) : undefined
    },
    latest(runId: number): Checkpoint | undefined {
      const row = latest.get(runId)
      return row ? toCheckpoint(row) : undefined
    },
    delete(id: number): void {
      db.prepare('DELETE FROM checkpoints WHERE id = ?').run(id)
    },
    listAll(): Checkpoint[] {
      return all.all().map(toCheckpoint)
    },
  }
}
