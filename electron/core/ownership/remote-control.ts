/**
 * Pause, resume, cancel and "new jobs queued" between processes on one data folder, through
 * the store's `control_requests` table (migrations 006, 010). A reader's JobControl writes a
 * request with a deadline REPLY_WAIT_MS ahead and waits that long for the owner's answer, so
 * an error such as "Run 3 has already completed" still reaches the user who asked; the owner
 * polls the table every CONTROL_POLL_MS and applies each request through its runner. A
 * request the owner has not taken by the deadline is withdrawn and never applied: a reader
 * that says "not answered" is telling the truth (control-requests.ts has the rule).
 */
import type { ErrorData, Job } from '../../../shared'
import { AppError, type AppErrorCode } from '../errors'
import { createJob, type JobControl, type Runner } from '../runner/runner'
import type { Store } from '../store'
import type { ControlAction, PendingRequest } from '../store/control-requests'

export const CONTROL_POLL_MS = 250
export const REPLY_WAIT_MS = 5_000

export class RemoteControl implements JobControl {
  constructor(
    private readonly store: Store,
    private readonly describeOwner: () => string,
  ) {}

  enqueue(runId: number, dependsOnRuns: number[] = []): Job {
    const job = createJob(this.store, runId, dependsOnRuns)
    this.wake()
    return job
  }

  pause(runId: number): Promise<void> {
    return this.ask('pause', runId)
  }

  resume(runId: number): Promise<void> {
    return this.ask('resume', runId)
  }

  cancel(runId: number): Promise<void> {
    return this.ask('cancel', runId)
  }

  wake(): void {
    const pending = this.store.controlRequests.pending()
    if (!pending.some((r) => 'action' in r && r.action === 'wake')) this.store.controlRequests.add('wake', null, null)
  }

  private async ask(action: ControlAction, runId: number): Promise<void> {
    this.store.runs.get(runId) // NOT_FOUND here, not in the owner
    const until = Date.now() + REPLY_WAIT_MS
    const request = this.store.controlRequests.add(action, runId, until)
    for (;;) {
      await new Promise((r) => setTimeout(r, 50))
      const overdue = Date.now() >= until
      // Withdrawn before the owner took it: it will never be applied.
      if (overdue && this.store.controlRequests.expire(request.id)) break
      const now = this.store.controlRequests.get(request.id)
      // Deleted with its run (ON DELETE CASCADE) by another process meanwhile.
      if (now === undefined) throw new AppError('NOT_FOUND', `Run ${runId} was deleted while the ${action} request waited for the owner`)
      if (now.expiredAt !== null) break // the owner saw it past its deadline and refused it
      if (now.handledAt === null) continue
      if (now.error) throw new AppError(asCode(now.error.kind), now.error.message)
      return
    }
    throw new AppError('CONFLICT', `${this.describeOwner()} runs this data folder's jobs and did not answer the ${action} request for run ${runId} within ${REPLY_WAIT_MS / 1000} s, so it was withdrawn and not applied; try again.`)
  }
}

const CODES: readonly AppErrorCode[] = ['NOT_FOUND', 'CONFLICT', 'BAD_REQUEST', 'IO', 'UNSUPPORTED']
const asCode = (kind: string): AppErrorCode => CODES.find((c) => c === kind) ?? 'CONFLICT'

/** The owner's side: applies pending requests in order and records each outcome. */
export class ControlPoller {
  private timer: ReturnType<typeof setInterval> | undefined

  constructor(
    private readonly store: Store,
    private readonly runner: Runner,
  ) {}

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => this.poll(), CONTROL_POLL_MS)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  poll(): void {
    if (!this.store.db.open) return this.stop()
    for (const request of this.store.controlRequests.pending()) this.store.controlRequests.answer(request.id, () => this.apply(request))
  }

  private apply(request: PendingRequest): ErrorData | null {
    if ('invalid' in request) return { kind: 'BAD_REQUEST', message: `control request ${request.id}: ${request.invalid}` }
    try {
      if (request.action === 'wake') this.runner.wake()
      else if (request.runId === null) return { kind: 'BAD_REQUEST', message: `control request ${request.id}: ${request.action} needs a run` }
      else this.runner[request.action](request.runId)
      return null
    } catch (e) {
      return e instanceof AppError ? { kind: e.code, message: e.message } : { kind: 'INTERNAL', message: e instanceof Error ? e.message : String(e) }
    }
  }
}
