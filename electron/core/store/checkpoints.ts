import type { Checkpoint, CheckpointCreate, CheckpointKind } from '../../../shared'
import { notFound } from '../errors'
import { resolvedCheckpointPath, storedCheckpointPath } from './checkpoint-paths'
import type { Db } from './database'

interface Row {
  id: number
  run_id: number
  step: number
  tokens: number
  path: string
  bytes: number
  sha256: string
  kind: CheckpointKind
  pinned: number
  created_at: number
}

/**
 * Checkpoint rows. Paths are stored relative to `dataDir` when inside it (see
 * checkpoint-paths.ts) and handed out absolute, so a moved data folder keeps working.
 */
export function checkpointsRepo(db: Db, dataDir?: string) {
  const toCheckpoint = (r: Row): Checkpoint => ({
    id: r.id,
    runId: r.run_id,
    step: r.step,
    tokens: r.tokens,
    path: resolvedCheckpointPath(r.path, dataDir),
    bytes: r.bytes,
    sha256: r.sha256,
    kind: r.kind,
    pinned: r.pinned === 1,
    createdAt: r.created_at,
  })
  // A planned save at a step a pause saved before (a resume reaching it) makes it planned.
  const insert = db.prepare(
    `INSERT INTO checkpoints (run_id, step, tokens, path, bytes, sha256, kind, created_at)
     VALUES (@runId, @step, @tokens, @path, @bytes, @sha256, @kind, @now)
     ON CONFLICT (run_id, step) DO UPDATE SET tokens = excluded.tokens, path = excluded.path,
       bytes = excluded.bytes, sha256 = excluded.sha256, created_at = excluded.created_at,
       kind = CASE WHEN checkpoints.kind = 'planned' THEN 'planned' ELSE excluded.kind END
     RETURNING *`,
  )
  const byId = db.prepare<[number], Row>('SELECT * FROM checkpoints WHERE id = ?')
  const byRun = db.prepare<[number], Row>('SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step')
  const all = db.prepare<[], Row>('SELECT * FROM checkpoints ORDER BY run_id, step')
  const atStep = db.prepare<[number, number], Row>('SELECT * FROM checkpoints WHERE run_id = ? AND step = ?')
  const byPath = db.prepare<[string], Row>('SELECT * FROM checkpoints WHERE path = ? ORDER BY id DESC LIMIT 1')
  const latest = db.prepare<[number], Row>('SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1')
  const pin = db.prepare<[number, number]>('UPDATE checkpoints SET pinned = ? WHERE id = ?')
  // Pause checkpoints nobody keeps: not pinned, and no run branched from them.
  const droppable = db.prepare<[number], Row>(
    `SELECT * FROM checkpoints c WHERE c.run_id = ? AND c.kind = 'pause' AND c.pinned = 0
       AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.parent_checkpoint_id = c.id) ORDER BY c.step`,
  )

  return {
    /** A checkpoint re-saved at the same step of the same run (after a resume) replaces the old row. */
    create(input: CheckpointCreate, now = Date.now()): Checkpoint {
      return toCheckpoint(insert.get({ ...input, kind: input.kind ?? 'planned', path: storedCheckpointPath(input.path, dataDir), now }) as Row)
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
      const row = byPath.get(storedCheckpointPath(path, dataDir))
      return row ? toCheckpoint(row) : undefined
    },
    latest(runId: number): Checkpoint | undefined {
      const row = latest.get(runId)
      return row ? toCheckpoint(row) : undefined
    },
    setPinned(id: number, pinned: boolean): Checkpoint {
      if (pin.run(pinned ? 1 : 0, id).changes === 0) throw notFound('Checkpoint', id)
      return this.get(id)
    },
    /** A completed run's pause checkpoints that are neither pinned nor a branch point. */
    droppablePauses(runId: number): Checkpoint[] {
      return droppable.all(runId).map(toCheckpoint)
    },
    delete(id: number): void {
      db.prepare('DELETE FROM checkpoints WHERE id = ?').run(id)
    },
    listAll(): Checkpoint[] {
      return all.all().map(toCheckpoint)
    },
  }
}
