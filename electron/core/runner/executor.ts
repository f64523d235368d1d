/**
 * Where a job's worker runs (issue 15). The queue, dependencies, run states and the store are
 * the same for every executor; only how a job starts and how its messages arrive differ. Each
 * executor hands the runner the same `WorkerHandle`: `send(start)` starts the work, `send(pause)`
 * and `send(cancel)` stop it, `onMessage` carries what the worker reports and `onExit` says it is
 * over. Local workers are child processes (or utilityProcess in the app); a Slurm job is a batch
 * job whose messages come from its event log. A later executor (Kubernetes) is one more module
 * that returns this shape.
 */
import type { Job } from '../../../shared'
import type { Executor as ExecutorKind } from '../../../shared/schemas/cluster-profile'
import type { WorkerHandle, WorkerLauncher } from './worker-process'

/** A job as an executor sees it: the attempt numbers the job's folder on a cluster. */
export interface JobRef {
  jobId: number
  runId: number
  /** 1 for the first start, 2 after one resume, ... (jobs.attempts after the launch). */
  attempt: number
}

export interface JobExecutor {
  readonly kind: ExecutorKind
  /** A handle for a new start of the job; nothing runs until the runner sends `start`. */
  launch(job: JobRef): WorkerHandle
  /**
   * A job recorded as running by an owner that has gone, whose work goes on without it (a
   * cluster job): a handle that catches up with what it reported meanwhile and follows it.
   */
  reattach?(job: Job): WorkerHandle
  /** The owner is closing: stop following jobs (they go on; the next owner reattaches). */
  close?(): void
}

/** Today's workers on this machine, started by the launcher (read at each launch, so it can be swapped). */
export function localExecutor(launcher: () => WorkerLauncher): JobExecutor {
  return { kind: 'local', launch: () => launcher()() }
}
