/**
 * A job's transitions, with its run's times, in one transaction. The status is written once,
 * in jobs (a run reads its status from its job: runs.ts RUN_STATUS); the run keeps when it
 * started and finished, so a transition also stamps the run, and the two never disagree.
 */
import type { ErrorData, Job, JobStatus, Run } from '../../../shared'
import type { Db } from './database'
import type { jobsRepo } from './jobs'
import type { runsRepo } from './runs'

export interface TransitionDetails {
  pid?: number | null
  pidStart?: string | null
  error?: ErrorData | null
  stderrTail?: string
  /** A new attempt begins (counts in `attempts`). */
  started?: boolean
}

export function lifecycleRepo(db: Db, jobs: ReturnType<typeof jobsRepo>, runs: ReturnType<typeof runsRepo>) {
  const transition = db.transaction((jobId: number, status: JobStatus, details: TransitionDetails, now: number): { job: Job; run: Run } => {
    const job = jobs.transition(jobId, status, details, now)
    runs.stamp(job.runId, status, { now })
    return { job, run: runs.get(job.runId) }
  })
  const interrupt = db.transaction((jobId: number, now: number): Run | null => {
    const job = jobs.markInterrupted(jobId, now)
    if (!job) return null
    runs.stamp(job.runId, 'interrupted', { now })
    return runs.get(job.runId)
  })
  return {
    transition(jobId: number, status: JobStatus, details: TransitionDetails = {}, now = Date.now()): { job: Job; run: Run } {
      return transition(jobId, status, details, now)
    },
    /** Recovery: a running job whose worker is gone (checked by the caller) becomes interrupted. Null if it was no longer running. */
    interrupt(jobId: number, now = Date.now()): Run | null {
      return interrupt(jobId, now)
    },
  }
}
