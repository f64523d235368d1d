/**
 * Requests from reader processes to the data folder's owner (see migration 006). A reader
 * inserts; the owner polls the pending ones in order, applies each and records the outcome.
 * Rows are read back through a schema: another process wrote them.
 */
import { z } from 'zod'
import { ErrorData } from '../../../shared'
import type { Db } from './database'
import { fromJson, toJson } from './json'

export const ControlAction = z.enum(['pause', 'resume', 'cancel', 'wake'])
export type ControlAction = z.infer<typeof ControlAction>

const RowSchema = z.object({
  id: z.number().int(),
  action: ControlAction,
  run_id: z.number().int().nullable(),
  from_pid: z.number().int(),
  created_at: z.number().int(),
  handled_at: z.number().int().nullable(),
  error: z.string().nullable(),
})

export interface ControlRequest {
  id: number
  action: ControlAction
  runId: number | null
  fromPid: number
  createdAt: number
  handledAt: number | null
  error: ErrorData | null
}

function toRequest(raw: unknown): ControlRequest | { id: number; invalid: string } {
  const parsed = RowSchema.safeParse(raw)
  if (!parsed.success) return { id: Number((raw as { id?: unknown }).id), invalid: parsed.error.issues[0]?.message ?? 'invalid row' }
  const r = parsed.data
  const error = r.error === null ? null : ErrorData.safeParse(fromJson(r.error))
  return { id: r.id, action: r.action, runId: r.run_id, fromPid: r.from_pid, createdAt: r.created_at, handledAt: r.handled_at, error: error === null ? null : error.success ? error.data : { kind: 'INTERNAL', message: 'unreadable error' } }
}

export function controlRequestsRepo(db: Db) {
  const insert = db.prepare('INSERT INTO control_requests (action, run_id, from_pid, created_at) VALUES (?, ?, ?, ?) RETURNING *')
  const pending = db.prepare('SELECT * FROM control_requests WHERE handled_at IS NULL ORDER BY id')
  const byId = db.prepare('SELECT * FROM control_requests WHERE id = ?')
  const handle = db.prepare('UPDATE control_requests SET handled_at = ?, error = ? WHERE id = ?')
  // Handled requests are only an answer for the reader that waits on them: a day is plenty.
  const prune = db.prepare('DELETE FROM control_requests WHERE handled_at IS NOT NULL AND handled_at < ?')

  return {
    add(action: ControlAction, runId: number | null, fromPid = process.pid, now = Date.now()): ControlRequest {
      const r = toRequest(insert.get(action, runId, fromPid, now))
      if ('invalid' in r) throw new Error(`control request ${r.id}: ${r.invalid}`)
      return r
    },
    /** Pending requests, oldest first; a row that does not parse comes back as `invalid`. */
    pending(): (ControlRequest | { id: number; invalid: string })[] {
      return pending.all().map(toRequest)
    },
    get(id: number): ControlRequest | undefined {
      const raw = byId.get(id)
      if (raw === undefined) return undefined
      const r = toRequest(raw)
      return 'invalid' in r ? undefined : r
    },
    markHandled(id: number, error: ErrorData | null, now = Date.now()): void {
      handle.run(now, error === null ? null : toJson(error), id)
      prune.run(now - 86_400_000)
    },
  }
}
