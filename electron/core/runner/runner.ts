/**
 * The job queue. Each job is a run's work in its own worker process; a job starts when the
 * jobs it depends on have completed and a slot is free. Everything a worker reports goes to
 * the store (the single writer) and out as events, through app/ (write, then publish once);
 * a run's status is its job's, moved only by transitionJob. A worker that crashes fails its
 * job with the tail of its stderr; the runner goes on. Generation from a checkpoint runs in a
 * worker of the runner's too (generate()), so no worker outlives it.
 */
import { cpus } from 'node:os'
import type { ErrorData, Job, Run, SampleJobSpec } from '../../../shared'
import type { App } from '../app/app'
import { appendMetrics, recordCheckpoint, recordEvaluation } from '../app/records'
import { interruptJob, reportBackend, transitionJob } from '../app/run-lifecycle'
import { AppError } from '../errors'
import type { FromWorker, ToWorker } from '../jobs/protocol'
import type { EventHub } from '../events/event-hub'
import type { Store } from '../store'
import { stopOrphan, verifiableWorker } from '../ownership/orphans'
import { processStartTime } from '../ownership/process-identity'
import { localExecutor, type JobExecutor } from './executor'
import { dropPauseCheckpoints } from './pause-checkpoints'
import { SampleWorkers, type Sample } from './sample-worker'
import type { WorkerHandle, WorkerLauncher } from './worker-process'

export type StartMessage = Extract<ToWorker, { type: 'start' }>

export interface RunnerOptions {
  /** Local workers (also what runs a sample from a checkpoint, whatever the executor). */
  launcher: WorkerLauncher
  /**
   * The executor for jobs placed on a cluster (jobs.executor = 'slurm'), asked at each launch and
   * recovery (so a profile saved in Settings applies from the next launch); null when none is
   * configured. Jobs placed locally run through `launcher`.
   */
  cluster?: () => JobExecutor | null
  /** Jobs at once. */
  concurrency: number
  /** The start message for a run's job: resolves the spec (data files, parent checkpoint). */
  prepare(run: Run, resumeFrom: string | null, threads: number): Promise<StartMessage>
  /** CPU cores to share among running jobs (default: all of this machine's). */
  cores?: number
  /** A worker that ignores cancel is killed after this long. */
  killAfterMs?: number
  /** A live orphan found by recovery gets SIGTERM, then SIGKILL after this long. */
  orphanTermMs?: number
}

/** What the runner and the router's handlers ask of the job queue; a reader forwards it to the owner. */
export interface JobControl {
  enqueue(runId: number, dependsOnRuns?: number[]): Job
  pause(runId: number): void | Promise<void>
  resume(runId: number): void | Promise<void>
  cancel(runId: number): void | Promise<void>
  /** Look for queued jobs (new ones were added to the store). */
  wake(): void
}

/** Creates a run's job row (or returns the existing one), its dependencies given as runs. */
export function createJob(store: Store, runId: number, dependsOnRuns: number[] = []): Job {
  const deps = dependsOnRuns.map((r) => {
    const job = store.jobs.forRun(r)
    if (!job) throw new AppError('NOT_FOUND', `Run ${r} has no job to depend on`)
    return job.id
  })
  return store.jobs.forRun(runId) ?? store.jobs.create(runId, deps)
}

interface Active {
  runId: number
  jobId: number
  worker: WorkerHandle
  executor: JobExecutor
  stopping: 'pause' | 'cancel' | null
  finished: boolean
  /** Recorded as running: an exit from here on ends the job. */
  launched: boolean
  exited: Promise<void>
}

export class Runner implements JobControl {
  private readonly active = new Map<number, Active>()
  private ticking = false
  private idleWaiters: (() => void)[] = []
  /** Only the data folder's owner runs jobs: nothing launches before `start()`. */
  private started = false
  private recovering: Promise<Run[]> = Promise.resolve([])
  private readonly errorListeners: ((error: ErrorData) => void)[] = []
  /** Set when the store refused a write at launch; cleared by the next `wake()`. */
  private halted: ErrorData | null = null
  /** Set by `shutdown()`: nothing new launches while the running jobs stop. */
  private closing = false
  private readonly local: JobExecutor
  private readonly app: App
  /** Generation workers (generate()): no job, no slot, but stopped with the runner all the same. */
  private readonly samples: SampleWorkers

  constructor(
    private readonly store: Store,
    private readonly events: EventHub,
    private readonly options: RunnerOptions,
  ) {
    this.local = localExecutor(() => this.options.launcher)
    this.app = { store, events }
    this.samples = new SampleWorkers(() => this.options.launcher)
  }

  /**
   * Becoming the owner: recover, then run the queue. Recovery marks a `running` job
   * interrupted only once its worker is really gone; a worker still alive (an orphan of a
   * runner that died) is stopped first, so the run never trains twice at once.
   */
  start(options: { launch?: boolean } = {}): Promise<Run[]> {
    if (this.started) return this.recovering
    this.started = true
    this.recovering = this.recover().catch((error: unknown) => {
      this.halt(error)
      return []
    })
    if (options.launch ?? true) void this.recovering.then(() => this.kick())
    return this.recovering
  }

  get isStarted(): boolean {
    return this.started
  }

  private async recover(): Promise<Run[]> {
    const running = this.store.jobs.withStatus('running').filter((job) => !this.active.has(job.runId))
    // A cluster job goes on without its owner: it is reattached (its log read from the last
    // applied line, its state asked of the cluster) instead of being marked interrupted.
    const stale = running.filter((job) => {
      if (job.executor === 'local') return true
      let executor: JobExecutor | null = null
      try {
        executor = this.executorFor(job)
      } catch (error) {
        console.warn(`[runner] ${error instanceof Error ? error.message : String(error)}`)
      }
      // Without its executor a cluster job is left as it is, never marked interrupted: it may
      // still run there, and a resume would train it twice at once.
      if (!executor?.reattach) {
        console.warn(`[runner] run ${job.runId} runs on ${job.executor} (job ${job.externalId ?? '?'}), which this process cannot follow; it stays running until an owner with the cluster profile opens the folder`)
        return false
      }
      this.listen(this.track(job.id, job.runId, executor.reattach(job), executor))
      return false
    })
    await Promise.all(
      stale.map(async (job) => {
        const worker = verifiableWorker(job.pid, job.pidStart)
        if (worker) await stopOrphan(worker, this.options.orphanTermMs)
      }),
    )
    return stale.flatMap((job) => interruptJob(this.app, job.id) ?? [])
  }

  /** Called with the reason when the queue cannot go on (the store refused a write at launch). */
  onError(listener: (error: ErrorData) => void): void {
    this.errorListeners.push(listener)
  }

  enqueue(runId: number, dependsOnRuns: number[] = []): Job {
    const job = createJob(this.store, runId, dependsOnRuns)
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
    if (job.status === 'queued' || job.status === 'paused' || job.status === 'interrupted') transitionJob(this.app, job.id, 'cancelled')
  }

  /** A paused, interrupted, failed or cancelled job goes back in the queue; it resumes from its last checkpoint. */
  resume(runId: number): void {
    const job = this.store.jobs.forRun(runId)
    if (!job) throw new AppError('NOT_FOUND', `Run ${runId} has no job`)
    if (job.status === 'running' || job.status === 'queued') return
    if (job.status === 'completed') throw new AppError('CONFLICT', `Run ${runId} has already completed`)
    transitionJob(this.app, job.id, 'queued', { error: null, pid: null })
    this.kick()
  }

  /** Resolves when no job is running and none can start (or the queue halted on an error). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private isIdle(): boolean {
    return this.active.size === 0 && (this.halted !== null || this.closing || !this.started || this.startable().length === 0)
  }

  /** Stops every running job (pausing saves a checkpoint first) and waits for the workers to exit. */
  async shutdown(mode: 'pause' | 'cancel' = 'pause'): Promise<void> {
    // A job paused by the shutdown frees its slot: the next queued job must not take it.
    this.closing = true
    const samples = this.samples.stopAll()
    if (mode === 'pause') {
      // Cluster jobs need no owner: they go on, and the next owner reattaches to them.
      for (const [runId, a] of this.active)
        if (a.executor.reattach) {
          a.executor.close?.()
          this.active.delete(runId)
        }
      // Whoever waits for idle hears it once the local jobs stopped: no exit comes from a job left running.
      this.kick()
    }
    const exits = [...this.active.values()].map((a) => a.exited)
    for (const runId of this.active.keys()) this.stop(runId, mode)
    await Promise.all([...exits, ...samples])
  }

  /**
   * Text from a checkpoint, in a local worker this runner launches and keeps like a job's
   * (sample-worker.ts: its deadline, the caller's abort), killed by shutdown() or
   * stopSamples(). It takes no job slot and needs no ownership: a reader generates too.
   */
  generate(spec: SampleJobSpec, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<Sample> {
    if (this.closing) return Promise.reject(new AppError('CONFLICT', 'The job runner is shutting down; generate again once it has restarted.'))
    return this.samples.generate(spec, options)
  }

  /** Kills every generation worker at once (they have nothing to save). */
  stopSamples(): void {
    this.samples.stopAll()
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
    this.halted = null
    this.kick()
  }

  private kick(): void {
    queueMicrotask(() => void this.tick())
  }

  private async tick(): Promise<void> {
    if (this.ticking || !this.started) return
    this.ticking = true
    try {
      await this.recovering
      for (const job of this.startable()) {
        if (this.active.size >= this.options.concurrency || this.halted || this.closing) break
        await this.launch(job)
      }
    } catch (error) {
      this.halt(error)
    } finally {
      this.ticking = false
    }
    if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w()
  }

  /**
   * The store refused a write (a full disk, SQLITE_FULL; a read-only file system): stop
   * launching, tell the user, and leave the jobs as they are (queued jobs stay queued and
   * resumable). `wake()` tries again.
   */
  private halt(error: unknown): void {
    const data = toErrorData(error)
    this.halted = data
    const message = `The job queue stopped: ${data.message}`
    this.events.publish({ type: 'runner.error', message })
    for (const l of this.errorListeners) l(data)
    if (this.errorListeners.length === 0) console.error(`[continuum] ${message}`)
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
      this.fail(job.id, toErrorData(error), '')
      return
    }
    let executor: JobExecutor
    try {
      executor = this.executorFor(job)
    } catch (error) {
      this.fail(job.id, toErrorData(error), '')
      return
    }
    const worker = executor.launch({ jobId: job.id, runId: run.id, attempt: job.attempts + 1 })
    const a = this.track(job.id, run.id, worker, executor)
    try {
      // The pid with its start time, so a later recovery can tell this worker from a reused pid.
      const pid = worker.pid ?? null
      transitionJob(this.app, job.id, 'running', { pid, pidStart: pid === null ? null : processStartTime(pid), error: null, started: true })
    } catch (error) {
      // The worker has not been sent anything yet: kill it and wait, so no process outlives
      // this failure. The job's row is unchanged (queued), so it runs when the store is writable.
      worker.kill('SIGKILL')
      await a.exited
      throw error
    }
    this.listen(a)
    worker.send(start)
  }

  /** The executor a job's row names; an error says why a cluster job cannot run from here. */
  private executorFor(job: Job): JobExecutor {
    if (job.executor === 'local') return this.local
    const cluster = this.options.cluster?.() ?? null
    if (!cluster || cluster.kind !== job.executor)
      throw new AppError('CLUSTER', `Run ${job.runId} is placed on ${job.executor}, but no cluster profile is saved for this data folder; add one in Settings (or give the CLI --cluster profile.json).`)
    return cluster
  }

  /** Keeps a worker in `active` until it exits; an exit before its job finished fails (or cancels) it. */
  private track(jobId: number, runId: number, worker: WorkerHandle, executor: JobExecutor): Active {
    let resolveExit!: () => void
    const a: Active = { runId, jobId, worker, executor, stopping: null, finished: false, launched: false, exited: new Promise((r) => (resolveExit = r)) }
    this.active.set(runId, a)
    worker.onExit(({ code, signal, stderrTail }) => {
      this.active.delete(runId)
      if (a.launched && !a.finished) {
        if (a.stopping === 'cancel') this.finish(a, 'cancelled')
        else
          this.fail(
            a.jobId,
            { kind: 'WORKER_EXIT', message: `The worker exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`}${signal === 'SIGKILL' ? ', possibly out of memory' : ''}).` },
            stderrTail,
          )
      }
      resolveExit()
      this.kick()
    })
    return a
  }

  /** What the worker reports goes to the store; the job is launched from here on. */
  private listen(a: Active): void {
    a.launched = true
    a.worker.onMessage((m) => {
      try {
        this.onMessage(a, m)
      } catch (error) {
        // The store refused what the worker reported (a full disk): a run must not go on
        // training unrecorded. The job stays `running` in the store if even failing it cannot
        // be written; recovery finds its worker gone and makes it resumable.
        a.finished = true
        a.worker.kill('SIGKILL')
        this.halt(error)
        try {
          this.fail(a.jobId, toErrorData(error), '')
        } catch {
          // the store is still refusing writes
        }
      }
    })
  }

  private onMessage(a: Active, m: FromWorker): void {
    const runId = a.runId
    switch (m.type) {
      case 'ready':
        reportBackend(this.app, runId, m.backend, { simd: m.simd, threads: m.threads, unavailable: m.unavailable, runtime: m.runtime })
        return
      case 'progress':
        this.events.publish({ type: 'run.progress', runId, step: m.step, totalSteps: m.totalSteps, tokensPerSecond: m.tokensPerSecond, etaSeconds: m.etaSeconds, loss: m.loss })
        return
      case 'metrics':
        appendMetrics(this.app, runId, m.points)
        return
      case 'checkpoint': {
        // A checkpoint folder the store records is never rewritten: a second report of the same
        // path (or step) with other content means two writers, and the record must not follow it.
        const clash = this.store.checkpoints.byPath(m.path) ?? this.store.checkpoints.atStep(runId, m.step)
        if (clash && !(clash.runId === runId && clash.step === m.step && clash.path === m.path && clash.sha256 === m.sha256)) {
          a.finished = true
          a.worker.kill('SIGKILL')
          this.fail(a.jobId, {
            kind: 'CONFLICT',
            message: `The worker reported checkpoint ${m.path} (step ${m.step}, sha256 ${m.sha256.slice(0, 12)}…), but the store already records ${clash.path} for run ${clash.runId} step ${clash.step} with sha256 ${clash.sha256.slice(0, 12)}…; refusing to record a rewritten checkpoint.`,
          }, '')
          return
        }
        recordCheckpoint(this.app, { runId, step: m.step, tokens: m.tokens, path: m.path, bytes: m.bytes, sha256: m.sha256, kind: m.kind })
        return
      }
      case 'evaluation': {
        const checkpoint = this.store.checkpoints.byPath(m.checkpointPath)
        if (!checkpoint) return
        const { checkpointPath: _path, type: _type, ...cell } = m
        recordEvaluation(this.app, { checkpointId: checkpoint.id, ...cell })
        return
      }
      case 'done':
        this.finish(a, m.outcome)
        return
      case 'error':
        a.finished = true
        this.fail(a.jobId, m.error, '')
        return
    }
  }

  private finish(a: Active, outcome: 'completed' | 'paused' | 'cancelled'): void {
    a.finished = true
    transitionJob(this.app, a.jobId, outcome, { pid: null })
    if (outcome === 'completed') dropPauseCheckpoints(this.store, a.runId, (message) => console.warn(`[runner] ${message}`))
  }

  private fail(jobId: number, error: ErrorData, stderrTail: string): void {
    transitionJob(this.app, jobId, 'failed', { pid: null, error, stderrTail })
  }
}

function toErrorData(error: unknown): ErrorData {
  if (error instanceof AppError) return { kind: error.code, message: error.message }
  const e = error instanceof Error ? error : new Error(String(error))
  return { kind: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) }
}
