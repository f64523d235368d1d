import type { ErrorData, Job, JobStatus } from '../../../shared'
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
  error: string | null
  stderr_tail: string
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
  error: r.error === null ? null : fromJson(r.error),
  stderrTail: r.stderr_tail,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

export function jobsRepo(db: Db) {
  const insert = db.prepare(
    'INSERT INTO jobs (run_id, depends_on, created_at, updated_at) VALUES (@runId, @dependsOn, @now, @now) RETURNING *',
  )
  const byId = db.prepare<[number], Row>('SELECT * FROM jobs WHERE id = ?')
  const byStatus = db.prepare<[string], Row>('SELECT * FROM jobs WHERE status = ? ORDER BY id')
  const byRun = db.prepare<[number], Row>('SELECT * FROM jobs WHERE run_id = ?')
  const update = db.prepare(
    `UPDATE jobs SET status = @status, pid = @pid, error = @error, stderr_tail = @stderrTail,
       attempts = attempts + @attempt, updated_at = @now WHERE id = @id`,
  )
  const interruptRunning = db.prepare(
    "UPDATE jobs SET status = 'interrupted', pid = NULL, updated_at = ? WHERE status = 'running' RETURNING *",
  )

  return {
    create(runId: number, dependsOn: number[] = [], now = Date.now()): Job {
      return toJob(insert.get({ runId, dependsOn: toJson(dependsOn), now }) as Row)
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
      details: { pid?: number | null; error?: ErrorData | null; stderrTail?: string; started?: boolean } = {},
      now = Date.now(),
    ): Job {
      const current = this.get(id)
      update.run({
        id,
        status,
        pid: details.pid === undefined ? current.pid : details.pid,
        error: details.error === undefined ? toJson(current.error) : toJson(details.error),
        stderrTail: details.stderrTail ?? current.stderrTail,
        attempt: details.started ? 1 : 0,
        now,
      })
      return this.get(id)
    },
    /** On start-up: jobs that were running when the app died are marked interrupted. */
    markInterrupted(now = Date.now()): Job[] {
      return (interruptRunning.all(now) as Row[]).map(toJob)
    },
  }
}
