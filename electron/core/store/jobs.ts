import type { ErrorData, Executor, Job, JobStatus } from '../../../shared'
import { notFound } from '../errors'
import type { Db } from './database'
import { fromJson, toJson } from './json'

interface Row {
  id: number
  run_id: number
  status: JobStatus
  depends_on: string
  attempts: number
  pid: number | null
  pid_start: string | null
  error: string | null
  stderr_tail: string
  executor: Executor
  external_id: string | null
  job_dir: string | null
  ingested_seq: number
  created_at: number
  updated_at: number
}

const toJob = (r: Row): Job => ({
  id: r.id,
  runId: r.run_id,
  status: r.status,
  dependsOn: fromJson(r.depends_on),
  attempts: r.attempts,
  pid: r.pid,
  pidStart: r.pid_start,
  error: r.error === null ? null : fromJson(r.error),
  stderrTail: r.stderr_tail,
  executor: r.executor,
  externalId: r.external_id,
  jobDir: r.job_dir,
  ingestedSeq: r.ingested_seq,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

export function jobsRepo(db: Db) {
  const insert = db.prepare(
    'INSERT INTO jobs (run_id, depends_on, executor, created_at, updated_at) VALUES (@runId, @dependsOn, @executor, @now, @now) RETURNING *',
  )
  const byId = db.prepare<[number], Row>('SELECT * FROM jobs WHERE id = ?')
  const byStatus = db.prepare<[string], Row>('SELECT * FROM jobs WHERE status = ? ORDER BY id')
  const byRun = db.prepare<[number], Row>('SELECT * FROM jobs WHERE run_id = ?')
  const update = db.prepare(
    `UPDATE jobs SET status = @status, pid = @pid, pid_start = @pidStart, error = @error, stderr_tail = @stderrTail,
       attempts = attempts + @attempt, updated_at = @now WHERE id = @id`,
  )
  const placeStmt = db.prepare(
    'UPDATE jobs SET executor = @executor, external_id = @externalId, job_dir = @jobDir, ingested_seq = 0, updated_at = @now WHERE id = @id',
  )
  const ingestedStmt = db.prepare<[number, number, number, number]>('UPDATE jobs SET ingested_seq = ?, updated_at = ? WHERE id = ? AND ingested_seq < ?')
  const interrupt = db.prepare<[number, number], Row>(
    "UPDATE jobs SET status = 'interrupted', pid = NULL, pid_start = NULL, updated_at = ? WHERE id = ? AND status = 'running' RETURNING *",
  )

  return {
    /** A job placed on an executor: its row names where it runs, so any owner launches and follows it there. */
    create(runId: number, dependsOn: number[] = [], executor: Executor = 'local', now = Date.now()): Job {
      return toJob(insert.get({ runId, dependsOn: toJson(dependsOn), executor, now }) as Row)
    },
    get(id: number): Job {
      const row = byId.get(id)
      if (!row) throw notFound('Job', id)
      return toJob(row)
    },
    forRun(runId: number): Job | undefined {
      const row = byRun.get(runId)
      return row ? toJob(row) : undefined
    },
    withStatus(status: JobStatus): Job[] {
      return byStatus.all(status).map(toJob)
    },
    transition(
      id: number,
      status: JobStatus,
      details: { pid?: number | null; pidStart?: string | null; error?: ErrorData | null; stderrTail?: string; started?: boolean } = {},
      now = Date.now(),
    ): Job {
      const current = this.get(id)
      update.run({
        id,
        status,
        pid: details.pid === undefined ? current.pid : details.pid,
        // A new pid without its start time must not keep the old one's.
        pidStart: details.pidStart !== undefined ? details.pidStart : details.pid === undefined ? current.pidStart : null,
        error: details.error === undefined ? toJson(current.error) : toJson(details.error),
        stderrTail: details.stderrTail ?? current.stderrTail,
        attempt: details.started ? 1 : 0,
        now,
      })
      return this.get(id)
    },
    /**
     * Where a new attempt runs: a cluster job's id and folder, its log not read yet (each
     * attempt writes a log of its own).
     */
    place(id: number, place: { executor: Executor; externalId: string | null; jobDir: string | null }, now = Date.now()): Job {
      placeStmt.run({ id, ...place, now })
      return this.get(id)
    },
    /** The event-log line `seq` was applied; called in the transaction that applied it. False if it already was. */
    markIngested(id: number, seq: number, now = Date.now()): boolean {
      return ingestedStmt.run(seq, now, id, seq).changes === 1
    },
    /** Recovery: a job whose worker is gone (checked by the caller) becomes resumable. Null if it is no longer running. */
    markInterrupted(id: number, now = Date.now()): Job | null {
      const row = interrupt.get(now, id)
      return row ? toJob(row) : null
    },
  }
}
