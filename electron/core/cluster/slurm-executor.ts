/**
 * The Slurm executor (issue 15). A job's `start` is staged into its folder on the shared file
 * system and submitted with sbatch; its messages come from the event log the cluster worker
 * writes there, read every `pollSeconds`, each line applied in one store transaction together
 * with the job's ingested seq; its end is Slurm's final state, taken once the log is drained.
 * Pause is `scancel --batch --signal=USR1` (of a job still waiting in the queue: taking it out),
 * cancel `scancel`, kill `scancel --batch --signal=KILL`.
 * Dependencies are honoured by the runner, which submits a job only once the jobs it depends on
 * have completed (so a child is staged from its parent's copied-back checkpoint); Slurm's
 * --dependency is not used.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs'
import { constants } from 'node:os'
import { join } from 'node:path'
import type { ClusterProfile } from '../../../shared/schemas/cluster-profile'
import type { Job } from '../../../shared'
import type { FromWorker, ToWorker } from '../jobs/protocol'
import type { Store } from '../store'
import type { JobExecutor, JobRef } from '../runner/executor'
import type { StartMessage } from '../runner/runner'
import type { WorkerHandle } from '../runner/worker-process'
import { BATCH_FILE, OUTPUT_FILE, batchScript } from './batch-script'
import { copyCheckpointBack } from './checkpoint-copy'
import { EVENT_LOG, newCursor, type LogCursor } from './event-log'
import { ingestLog } from './ingest'
import { jobFolder, readLocalPaths, stageJob, writeAtomic, CHECKPOINTS, type LocalPaths } from './staging'
import { jobState, sbatch, scancel, scancelPending } from './slurm-commands'

const OUTPUT_TAIL_BYTES = 8 * 1024
/** squeue and sacct both not knowing a job this many polls in a row: it is lost (purged with no accounting). */
const MAX_UNKNOWN_POLLS = 30

export interface SlurmExecutorOptions {
  store: Store
  dataDir: string
  warn?: (message: string) => void
}

export interface SlurmExecutor extends JobExecutor {
  reattach(job: Job): WorkerHandle
  close(): void
}

type ExitInfo = Parameters<Parameters<WorkerHandle['onExit']>[0]>[0]

export function slurmExecutor(profile: ClusterProfile, options: SlurmExecutorOptions): SlurmExecutor {
  const live = new Set<SlurmJob>()
  const warn = options.warn ?? ((m: string) => console.warn(`[slurm] ${m}`))
  const make = (jobId: number) => {
    const job = new SlurmJob(profile, options.store, jobId, warn, () => live.delete(job))
    live.add(job)
    return job
  }
  return {
    kind: 'slurm',
    launch: (ref: JobRef) => make(ref.jobId).prepare(jobFolder(profile.clusterDir, options.dataDir, ref.jobId, ref.attempt), ref),
    reattach: (job: Job) => make(job.id).reattach(job),
    close: () => {
      for (const j of live) j.detach()
    },
  }
}

class SlurmJob implements WorkerHandle {
  readonly pid = undefined
  private dir = ''
  private name = ''
  private externalId: string | null = null
  private local: LocalPaths | null = null
  private cursor: LogCursor = newCursor(0)
  private readonly messageListeners: ((m: FromWorker) => void)[] = []
  private readonly exitListeners: ((e: ExitInfo) => void)[] = []
  private timer: NodeJS.Timeout | null = null
  private pendingStop: 'USR1' | 'TERM' | 'KILL' | null = null
  private submitting = false
  /** Slurm's last answer: a pause of a job still PENDING takes it out of the queue instead of signalling. */
  private lastState: string | null = null
  private pauseAsked = false
  private pauseSignalled = false
  /** The worker reported its end (done or error) in the log. */
  private reportedEnd = false
  private unknownPolls = 0
  private over = false

  constructor(
    private readonly profile: ClusterProfile,
    private readonly store: Store,
    private readonly jobId: number,
    private readonly warn: (m: string) => void,
    private readonly forget: () => void,
  ) {}

  prepare(dir: string, ref: JobRef): this {
    this.dir = dir
    this.name = `continuum-${ref.jobId}-${ref.attempt}`
    return this
  }

  /** A job submitted by an owner that has since gone: the log from the stored seq on, the state from Slurm. */
  reattach(job: Job): this {
    this.dir = job.jobDir ?? ''
    this.externalId = job.externalId
    this.cursor = newCursor(job.ingestedSeq)
    try {
      if (!job.externalId || !job.jobDir) throw new Error(`job ${job.id} has no Slurm job id or folder recorded`)
      this.local = readLocalPaths(job.jobDir)
      this.schedule(0)
    } catch (error) {
      queueMicrotask(() => this.failNow(error))
    }
    return this
  }

  send(message: ToWorker): void {
    if (message.type === 'start') void this.submit(message).catch((error: unknown) => this.failNow(error))
    else this.signal(message.type === 'pause' ? 'USR1' : 'TERM')
  }

  kill(): void {
    this.signal('KILL')
  }

  onMessage(listener: (m: FromWorker) => void): void {
    this.messageListeners.push(listener)
  }

  onExit(listener: (e: ExitInfo) => void): void {
    this.exitListeners.push(listener)
  }

  /** The owner is closing: stop reading; the job goes on and the next owner reattaches. */
  detach(): void {
    this.over = true
    if (this.timer) clearTimeout(this.timer)
    this.forget()
  }

  private async submit(start: StartMessage): Promise<void> {
    this.submitting = true
    mkdirSync(this.dir, { recursive: true })
    this.local = stageJob(withThreads(start, this.profile.cpusPerJob), this.dir).local
    writeAtomic(join(this.dir, BATCH_FILE), batchScript(this.profile, this.dir, this.name))
    const id = await sbatch(join(this.dir, BATCH_FILE))
    this.externalId = id
    this.store.jobs.place(this.jobId, { executor: 'slurm', externalId: id, jobDir: this.dir })
    if (this.pendingStop) this.signal(this.pendingStop)
    this.schedule(0)
  }

  private signal(kind: 'USR1' | 'TERM' | 'KILL'): void {
    if (this.over) return
    if (!this.externalId) {
      // Killed before anything was submitted (the store refused the launch): nothing runs.
      if (!this.submitting && kind === 'KILL') return this.exit({ code: null, signal: 'SIGKILL', stderrTail: '' })
      this.pendingStop = kind
      return
    }
    const warn = (error: unknown) => this.warn(error instanceof Error ? error.message : String(error))
    if (kind === 'USR1') {
      this.pauseAsked = true
      // Waiting in the queue there is no worker to save anything: leave the queue, and the job
      // resumes from its last checkpoint as after any pause. If it started meanwhile, the next
      // poll sees it running and signals it.
      if (this.lastState === 'PENDING' || this.lastState === null) return void scancelPending(this.externalId).catch(warn)
      this.pauseSignalled = true
    }
    scancel(this.externalId, kind === 'TERM' ? null : kind).catch(warn)
  }

  private schedule(ms: number): void {
    if (this.over) return
    this.timer = setTimeout(() => void this.poll(), ms)
  }

  private async poll(): Promise<void> {
    if (this.over || !this.externalId) return
    try {
      this.drain()
      const state = await jobState(this.externalId)
      if (this.over) return
      if (state.kind === 'active') {
        this.lastState = state.state
        if (this.pauseAsked && !this.pauseSignalled && state.state === 'RUNNING') this.signal('USR1')
      }
      if (state.kind === 'ended') {
        this.drain()
        // Paused while still in the queue: nothing ran, so nothing reported; the pause is ours to report.
        if (this.pauseAsked && !this.reportedEnd && state.state === 'CANCELLED') for (const l of this.messageListeners) l({ type: 'done', outcome: 'paused' })
        return this.exit({ code: state.code, signal: state.signal ? signalName(state.signal) : null, stderrTail: this.outputTail(`Slurm job ${this.externalId} ended ${state.state}`) })
      }
      if (state.kind === 'unknown') {
        this.unknownPolls += 1
        if (this.unknownPolls >= MAX_UNKNOWN_POLLS) {
          this.drain()
          return this.exit({ code: null, signal: null, stderrTail: this.outputTail(`Slurm lost job ${this.externalId}: ${state.why}`) })
        }
      } else this.unknownPolls = 0
    } catch (error) {
      return this.failNow(error)
    }
    this.schedule(this.profile.pollSeconds * 1000)
  }

  /** Applies every complete new line, each in one transaction with the job's ingested seq. */
  private drain(): void {
    const result = ingestLog(this.store, this.jobId, join(this.dir, EVENT_LOG), this.cursor, (m) => {
      const message = this.localise(m)
      if (message.type === 'done' || message.type === 'error') this.reportedEnd = true
      for (const l of this.messageListeners) l(message)
    })
    for (const w of result.warnings) this.warn(w)
  }

  /** Paths the worker reports are the cluster's; the store keeps this machine's. */
  private localise(m: FromWorker): FromWorker {
    const local = this.local
    if (!local) return m
    if (m.type === 'checkpoint') {
      if (!local.checkpointDir) throw new Error(`${this.dir} reported a checkpoint, but its job has no checkpoint folder`)
      return { ...m, path: copyCheckpointBack(m.path, local.checkpointDir, m.sha256) }
    }
    if (m.type === 'evaluation') {
      const input = local.inputs[m.checkpointPath]
      if (input) return { ...m, checkpointPath: input }
      const prefix = `${join(this.dir, CHECKPOINTS)}/`
      if (local.checkpointDir && m.checkpointPath.startsWith(prefix)) return { ...m, checkpointPath: join(local.checkpointDir, m.checkpointPath.slice(prefix.length)) }
    }
    return m
  }

  private outputTail(headline: string): string {
    const path = join(this.dir, OUTPUT_FILE)
    try {
      const fd = openSync(path, 'r')
      try {
        const size = fstatSync(fd).size
        const length = Math.min(size, OUTPUT_TAIL_BYTES)
        const buffer = Buffer.alloc(length)
        readSync(fd, buffer, 0, length, size - length)
        return `${headline}; the end of ${path}:\n${buffer.toString('utf8')}`
      } finally {
        closeSync(fd)
      }
    } catch {
      return `${headline}; ${path} was not written (the job never started on a node)`
    }
  }

  /** Submitting or reading failed: the runner hears it as the worker's error, then its exit. */
  private failNow(error: unknown): void {
    if (this.over) return
    const e = error instanceof Error ? error : new Error(String(error))
    const kind = 'code' in e && typeof e.code === 'string' ? e.code : e.name
    for (const l of this.messageListeners) l({ type: 'error', error: { kind, message: e.message } })
    if (this.externalId) this.signal('KILL')
    this.exit({ code: null, signal: null, stderrTail: this.externalId ? this.outputTail(`Slurm job ${this.externalId}`) : '' })
  }

  private exit(info: ExitInfo): void {
    if (this.over) return
    this.over = true
    if (this.timer) clearTimeout(this.timer)
    this.forget()
    for (const l of this.exitListeners) l(info)
  }
}

/** On a cluster the job has the CPUs the profile asks for, whatever this machine has. */
function withThreads(start: StartMessage, cpus: number): StartMessage {
  return start.spec.kind === 'train' ? { ...start, spec: { ...start.spec, threads: Math.min(256, cpus) } } : start
}

function signalName(n: number): string {
  for (const [name, value] of Object.entries(constants.signals)) if (value === n) return name
  return `signal ${n}`
}
