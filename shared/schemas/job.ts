import { z } from 'zod'
import { Id, Timestamp } from './common'

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
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Job = z.infer<typeof Job>
