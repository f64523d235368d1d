/**
 * Requests from reader processes to the data folder's owner (see migrations 006 and 010). A
 * reader inserts one with a deadline; the owner polls the pending ones in order, applies each
 * and records the outcome. A request ends exactly one way, answered or expired, each decided
 * by one UPDATE that matches only a pending row: the owner claims it only before its deadline
 * (`answer`), the reader that gave up waiting withdraws it (`expire`), and whichever commits
 * first wins, so what the reader tells its user is what happened.
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
  deadline: z.number().int().nullable(),
  expired_at: z.number().int().nullable(),
})

export interface ControlRequest {
  id: number
  action: ControlAction
  runId: number | null
  fromPid: number
  createdAt: number
  handledAt: number | null
  error: ErrorData | null
  /** Past this (ms since the epoch) the owner refuses it; null: no one waits on it (a wake). */
  deadline: number | null
  expiredAt: number | null
}

/** A pending row as the owner reads it: a request, or one that does not parse. */
export type PendingRequest = ControlRequest | { id: number; invalid: string }

function toRequest(raw: unknown): PendingRequest {
  const parsed = RowSchema.safeParse(raw)
  if (!parsed.success) return { id: Number((raw as { id?: unknown }).id), invalid: parsed.error.issues[0]?.message ?? 'invalid row' }
  const r = parsed.data
  const error = r.error === null ? null : ErrorData.safeParse(fromJson(r.error))
  return {
    id: r.id,
    action: r.action,
    runId: r.run_id,
    fromPid: r.from_pid,
    createdAt: r.created_at,
    handledAt: r.handled_at,
    error: error === null ? null : error.success ? error.data : { kind: 'INTERNAL', message: 'unreadable error' },
    deadline: r.deadline,
    expiredAt: r.expired_at,
  }
}

export function controlRequestsRepo(db: Db) {
  const insert = db.prepare('INSERT INTO control_requests (action, run_id, from_pid, created_at, deadline) VALUES (?, ?, ?, ?, ?) RETURNING *')
  const PENDING = 'handled_at IS NULL AND expired_at IS NULL'
  const pending = db.prepare(`SELECT * FROM control_requests WHERE ${PENDING} ORDER BY id`)
  const byId = db.prepare('SELECT * FROM control_requests WHERE id = ?')
  const claim = db.prepare(`UPDATE control_requests SET handled_at = ? WHERE id = ? AND ${PENDING} AND (deadline IS NULL OR deadline > ?)`)
  const setError = db.prepare('UPDATE control_requests SET error = ? WHERE id = ?')
  const expire = db.prepare(`UPDATE control_requests SET expired_at = ? WHERE id = ? AND ${PENDING}`)
  const expireOverdue = db.prepare(`UPDATE control_requests SET expired_at = ? WHERE id = ? AND ${PENDING} AND deadline <= ?`)
  // Finished requests are only an answer for the reader that waits on them: a day is plenty.
  const prune = db.prepare('DELETE FROM control_requests WHERE coalesce(handled_at, expired_at) < ?')

  return {
    add(action: ControlAction, runId: number | null, deadline: number | null, fromPid = process.pid, now = Date.now()): ControlRequest {
      const r = toRequest(insert.get(action, runId, fromPid, now, deadline))
      if ('invalid' in r) throw new Error(`control request ${r.id}: ${r.invalid}`)
      return r
    },
    /** Pending requests, oldest first; a row that does not parse comes back as `invalid`. */
    pending(): PendingRequest[] {
      return pending.all().map(toRequest)
    },
    get(id: number): ControlRequest | undefined {
      const raw = byId.get(id)
      if (raw === undefined) return undefined
      const r = toRequest(raw)
      return 'invalid' in r ? undefined : r
    },
    /**
     * The owner's side: if the request is still pending and before its deadline, applies it
     * and records the outcome, in one transaction, so no reader ever sees it claimed without
     * its answer; past its deadline it is marked expired and `apply` is not called. Returns
     * whether it was applied.
     */
    answer(id: number, apply: () => ErrorData | null, now = Date.now()): boolean {
      const applied = db.transaction(() => {
        if (claim.run(now, id, now).changes === 0) {
          expireOverdue.run(now, id, now)
          return false
        }
        const error = apply()
        if (error !== null) setError.run(toJson(error), id)
        return true
      })()
      prune.run(now - 86_400_000)
      return applied
    },
    /** The reader's side, when it stops waiting: true if the request was still pending and is now expired (it will never be applied). */
    expire(id: number, now = Date.now()): boolean {
      return expire.run(now, id).changes === 1
    },
  }
}
