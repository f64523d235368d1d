/**
 * Text from a checkpoint, in a worker process of its own (jobs/sample-job.ts). The runner
 * starts it through its launcher and keeps it (Runner.generate, SampleWorkers), so it is
 * stopped as a job's worker is: at its deadline, when its caller goes away, and when the
 * runner shuts down.
 */
import type { SampleJobSpec } from '../../../shared'
import { AppError } from '../errors'
import type { WorkerLauncher } from './worker-process'

export interface Sample {
  text: string
  tokens: number
  stop: string
}

/** The deadline generation had before it went through the runner, kept: a worker still sampling after it is stuck. */
export const SAMPLE_TIMEOUT_MS = 120_000

export interface SampleSession {
  readonly result: Promise<Sample>
  /** Resolves once the worker process has exited. */
  readonly exited: Promise<void>
  /** Kills the worker; `result` rejects with `reason` unless it has already settled. */
  stop(reason: string): void
}

export function startSample(launcher: WorkerLauncher, spec: SampleJobSpec, timeoutMs = SAMPLE_TIMEOUT_MS): SampleSession {
  const worker = launcher()
  let resolveExit!: () => void
  const exited = new Promise<void>((r) => (resolveExit = r))
  let settled = false
  let resolveResult!: (sample: Sample) => void
  let rejectResult!: (error: AppError) => void
  const result = new Promise<Sample>((resolve, reject) => {
    resolveResult = resolve
    rejectResult = reject
  })
  const settle = (outcome: Sample | AppError) => {
    if (settled) return
    settled = true
    clearTimeout(timer)
    if (outcome instanceof AppError) rejectResult(outcome)
    else resolveResult(outcome)
  }
  const stop = (reason: string) => {
    worker.kill('SIGKILL')
    settle(new AppError('IO', reason))
  }
  const limit = timeoutMs % 60_000 === 0 ? `${timeoutMs / 60_000} min` : `${timeoutMs / 1000} s`
  const timer = setTimeout(() => stop(`Generation took longer than ${limit} and was stopped.`), timeoutMs)
  worker.onMessage((m) => {
    if (m.type === 'sample') settle({ text: m.text, tokens: m.tokens, stop: m.stop })
    else if (m.type === 'error') settle(new AppError(m.error.kind === 'BAD_REQUEST' ? 'BAD_REQUEST' : 'IO', m.error.message))
  })
  worker.onExit(({ code, signal, stderrTail }) => {
    settle(new AppError('IO', `The generation worker exited (${signal ? `signal ${signal}` : `code ${code}`}): ${stderrTail.trim().split('\n').pop() ?? ''}`))
    resolveExit()
  })
  worker.send({ type: 'start', spec, resumeFrom: null })
  return { result, exited, stop }
}

/** The generation workers a runner keeps: each one until it exits, all of them stopped at once on shutdown. */
export class SampleWorkers {
  private readonly live = new Set<SampleSession>()

  /** `launcher` is read at each start, as the runner's own local executor reads it. */
  constructor(private readonly launcher: () => WorkerLauncher) {}

  generate(spec: SampleJobSpec, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<Sample> {
    const { signal } = options
    if (signal?.aborted) return Promise.reject(new AppError('IO', 'Generation was cancelled.'))
    const session = startSample(this.launcher(), spec, options.timeoutMs ?? SAMPLE_TIMEOUT_MS)
    this.live.add(session)
    const abort = () => session.stop('Generation was cancelled.')
    signal?.addEventListener('abort', abort, { once: true })
    void session.exited.then(() => {
      this.live.delete(session)
      signal?.removeEventListener('abort', abort)
    })
    return session.result
  }

  /** Kills every live generation worker (they have nothing to save); resolves with their exits. */
  stopAll(): Promise<void>[] {
    const exits = [...this.live].map((s) => s.exited)
    for (const s of this.live) s.stop('Generation was stopped: the job runner shut down.')
    return exits
  }
}
