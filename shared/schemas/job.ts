import { z } from 'zod'
import { Id, Timestamp } from './common'
import { Executor } from './cluster-profile'

export const JobStatus = z.enum(['queued', 'running', 'paused', 'completed', 'failed', 'cancelled', 'interrupted'])
export type JobStatus = z.infer<typeof JobStatus>

/** An error that crossed a process boundary, as data. */
export const ErrorData = z.object({ kind: z.string(), message: z.string(), stack: z.string().optional() })
export type ErrorData = z.infer<typeof ErrorData>

export const Job = z.object({
  id: Id,
  runId: Id,
  status: JobStatus,
  dependsOn: z.array(Id),
  attempts: z.number().int().nonnegative(),
  pid: z.number().int().nullable(),
  /** The worker's kernel start time (Linux /proc/<pid>/stat), so a reused pid is not mistaken for it. */
  pidStart: z.string().nullable(),
  error: ErrorData.nullable(),
  stderrTail: z.string(),
  /** Where the job last ran (issue 15): local worker processes or a Slurm cluster. */
  executor: Executor,
  /** The cluster's id for the job's current attempt (Slurm's job id); null when local. */
  externalId: z.string().nullable(),
  /** The attempt's folder on the cluster's shared file system (spec, event log, checkpoints). */
  jobDir: z.string().nullable(),
  /** The last event-log line applied to the store (0: none). */
  ingestedSeq: z.number().int().nonnegative(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Job = z.infer<typeof Job>
