/**
 * The job queue. Each job is a run's work in its own worker process; a job starts when the
 * jobs it depends on have completed and a slot is free. Everything a worker reports goes to
 * the store (the single writer) and out as events. A worker that crashes fails its job with
 * the tail of its stderr; the runner goes on.
 */
import { cpus } from 'node:os'
import type { ErrorData, Job, Run } from '../../../shared'
import { AppError } from '../errors'
import type { FromWorker, ToWorker } from '../jobs/protocol'
import type { EventHub } from '../service/event-hub'
import type { Store } from '../store'
import type { WorkerHandle, WorkerLauncher } from './worker-process'

export type StartMessage = Extract<ToWorker, { type: 'start' }>

export interface RunnerOptions {
  launcher: WorkerLauncher
  /** Jobs at once. */
  concurrency: number
  /** The start message for a run's job: resolves the spec (data files, parent checkpoint). */
  prepare(run: Run, resumeFrom: string | null, threads: number): Promise<StartMessage>
  /** CPU cores to share among running jobs (default: all of this machine's). */
  cores?: number
  /** A worker that ignores cancel is killed after this long. */
  killAfterMs?: number
}

interface Active {
  runId: number
  jobId: number
  worker: WorkerHandle
  stopping: 'pause' | 'cancel' | null
  finished: boolean
  exited: Promise<void>
}

export class Runner {
  private readonly active = new Map<number, Active>()
  private ticking = false
  private idleWaiters: (() => void)[] = []

  constructor(
    private readonly store: Store,
    private readonly events: EventHub,
    private readonly options: RunnerOptions,
  ) {}

  /** On start-up: jobs that were running when the app died are marked interrupted (resumable). */
  recover(): Run[] {
    return this.store.jobs.markInterrupted().map((job) => this.setRunStatus(job.runId, 'interrupted'))
  }

  enqueue(runId: number, dependsOnRuns: number[] = []): Job {
    const deps = dependsOnRuns.map((r) => {
      const job = this.store.jobs.forRun(r)
      if (!job) throw new AppError('NOT_FOUND', `Run ${r} has no job to depend on`)
      return job.id
    })
    const job = this.store.jobs.forRun(runId) ?? this.store.jobs.create(runId, deps)
    this.kick()
    return job
  }

  get running(): number[] {
    return [...this.active.keys()]
  }

  pause(runId: number): void {
    this.stop(runId, 'pause')
  }

  cancel(runId: number): void {
    const job = this.store.jobs.forRun(runId)
    if (!job) throw new AppError('NOT_FOUND', `Run ${runId} has no job`)
    if (this.active.has(runId)) return this.stop(runId, 'cancel')
    if (job.status === 'queued' || job.status === 'paused' || job.status === 'interrupted') {
      this.store.jobs.transition(job.id, 'cancelled')
      this.setRunStatus(runId, 'cancelled')
    }
  }

  /** A paused, interrupted, failed or cancelled job goes back in the queue; it resumes from its last checkpoint. */
  resume(runId: number): void {
    const job = this.store.jobs.forRun(runId)
    if (!job) throw new AppError('NOT_FOUND', `Run ${runId} has no job`)
    if (job.status === 'running' || job.status === 'queued') return
    if (job.status === 'completed') throw new AppError('CONFLICT', `Run ${runId} has already completed`)
    this.store.jobs.transition(job.id, 'queued', { error: null, pid: null })
    this.setRunStatus(runId, 'queued')
    this.kick()
  }

  /** Resolves when no job is running and none can start. */
  idle(): Promise<void> {
    if (this.active.size === 0 && this.startable().length === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Stops every running job (pausing saves a checkpoint first) and waits for the workers to exit. */
  async shutdown(mode: 'pause' | 'cancel' = 'pause'): Promise<void> {
    const exits = [...this.active.values()].map((a) => a.exited)
    for (const runId of this.active.keys()) this.stop(runId, mode)
    await Promise.all(exits)
  }

  private stop(runId: number, mode: 'pause' | 'cancel'): void {
    const a = this.active.get(runId)
    if (!a || a.stopping) return
    a.stopping = mode
    a.worker.send({ type: mode })
    const timer = setTimeout(() => {
      if (!a.finished) a.worker.kill('SIGKILL')
    }, this.options.killAfterMs ?? (mode === 'cancel' ? 10_000 : 120_000))
    void a.exited.then(() => clearTimeout(timer))
  }

  private startable(): Job[] {
    return this.store.jobs
      .withStatus('queued')
      .filter((job) => !this.active.has(job.runId) && job.dependsOn.every((id) => this.store.jobs.get(id).status === 'completed'))
  }

  /** Looks for jobs to start (e.g. after jobs were added to the store directly). */
  wake(): void {
    this.kick()
  }

  private kick(): void {
    queueMicrotask(() => void this.tick())
  }

  private async tick(): Promise<void> {
    if (this.ticking) return
    this.ticking = true
    try {
      for (const job of this.startable()) {
        if (this.active.size >= this.options.concurrency) break
        await this.launch(job)
      }
    } finally {
      this.ticking = false
    }
    if (this.active.size === 0 && this.startable().length === 0) for (const w of this.idleWaiters.splice(0)) w()
  }

  private async launch(job: Job): Promise<void> {
    const run = this.store.runs.get(job.runId)
    const resumeFrom = this.store.checkpoints.latest(run.id)?.path ?? null
    let start: StartMessage
    // Cores are shared among the jobs that can run now: one job alone gets all of them as
    // data-parallel threads; a sweep of small jobs runs side by side on one thread each.
    const cores = this.options.cores ?? cpus().length
    const sharing = Math.max(1, Math.min(this.options.concurrency, this.active.size + this.startable().length))
    const threads = Math.max(1, Math.floor(cores / sharing))
    try {
      start = await this.options.prepare(run, resumeFrom, threads)
    } catch (error) {
      this.fail(job, run.id, toErrorData(error), '')
      return
    }
    const worker = this.options.launcher()
    let resolveExit!: () => void
    const a: Active = { runId: run.id, jobId: job.id, worker, stopping: null, finished: false, exited: new Promise((r) => (resolveExit = r)) }
    this.active.set(run.id, a)
    this.store.jobs.transition(job.id, 'running', { pid: worker.pid ?? null, error: null, started: true })
    this.setRunStatus(run.id, 'running')
    worker.onMessage((m) => this.onMessage(a, m))
    worker.onExit(({ code, signal, stderrTail }) => {
      this.active.delete(run.id)
      if (!a.finished) {
        if (a.stopping === 'cancel') this.finish(a, 'cancelled')
        else
          this.fail(
            this.store.jobs.get(a.jobId),
            a.runId,
            { kind: 'WORKER_EXIT', message: `The worker exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`}${signal === 'SIGKILL' ? ', possibly out of memory' : ''}).` },
            stderrTail,
          )
      }
      resolveExit()
      this.kick()
    })
    worker.send(start)
  }

  private onMessage(a: Active, m: FromWorker): void {
    const runId = a.runId
    switch (m.type) {
      case 'ready':
        this.store.runs.setBackendDetail(runId, { simd: m.simd, threads: m.threads, unavailable: m.unavailable })
        this.setRunStatus(runId, 'running', m.backend)
        return
      case 'progress':
        this.events.publish({ type: 'run.progress', runId, step: m.step, totalSteps: m.totalSteps, tokensPerSecond: m.tokensPerSecond, etaSeconds: m.etaSeconds, loss: m.loss })
        return
      case 'metrics': {
        this.store.metrics.append(runId, m.points)
        const keys = [...new Set(m.points.map((p) => p.key))]
        this.events.publish({ type: 'metrics.appended', runId, keys, count: m.points.length, lastStep: Math.max(...m.points.map((p) => p.step)) })
        return
      }
      case 'checkpoint': {
        const checkpoint = this.store.checkpoints.create({ runId, step: m.step, tokens: m.tokens, path: m.path, bytes: m.bytes, sha256: m.sha256 })
        this.events.publish({ type: 'checkpoint.created', checkpoint })
        return
      }
      case 'evaluation': {
        const checkpoint = this.store.checkpoints.byPath(m.checkpointPath)
        if (!checkpoint) return
        const { checkpointPath: _path, type: _type, ...cell } = m
        const evaluation = this.store.evaluations.record({ checkpointId: checkpoint.id, ...cell })
        this.events.publish({ type: 'evaluation.created', evaluation })
        return
      }
      case 'done':
        this.finish(a, m.outcome)
        return
      case 'error':
        a.finished = true
        this.fail(this.store.jobs.get(a.jobId), runId, m.error, '')
        return
    }
  }

  private finish(a: Active, outcome: 'completed' | 'paused' | 'cancelled'): void {
    a.finished = true
    this.store.jobs.transition(a.jobId, outcome, { pid: null })
    this.setRunStatus(a.runId, outcome)
  }

  private fail(job: Job, runId: number, error: ErrorData, stderrTail: string): void {
    this.store.jobs.transition(job.id, 'failed', { pid: null, error, stderrTail })
    this.setRunStatus(runId, 'failed')
  }

  private setRunStatus(runId: number, status: Run['status'], backend?: string): Run {
    const run = this.store.runs.setStatus(runId, status, backend ? { backend } : {})
    this.events.publish({ type: 'run.changed', run })
    return run
  }
}

function toErrorData(error: unknown): ErrorData {
  if (error instanceof AppError) return { kind: error.code, message: error.message }
  const e = error instanceof Error ? error : new Error(String(error))
  return { kind: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) }
}
