/**
 * Turns an Electron utilityProcess (or anything with its shape) into the runner's WorkerHandle:
 * messages are validated with FromWorker, the tail of stderr is kept for crash reports, and
 * the exit code is translated to the {code, signal} the runner expects. No Electron imports,
 * so it is unit-tested with a fake process.
 */
import type { FromWorker, ToWorker } from '../core/jobs/protocol'
import { FromWorker as FromWorkerSchema } from '../core/jobs/protocol'
import { workerEntry, type WorkerHandle, type WorkerLauncher } from '../core/runner/worker-process'

/** The part of Electron's UtilityProcess this adapter uses. */
export interface UtilityProcessLike {
  readonly pid: number | undefined
  readonly stderr: { on(event: 'data', listener: (chunk: Buffer | string) => void): unknown } | null
  postMessage(message: unknown): void
  kill(): boolean
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
}

/** The part of Electron's `utilityProcess.fork` the launcher uses. */
export type UtilityFork = (
  modulePath: string,
  args: string[],
  options: { serviceName: string; stdio: 'pipe'; execArgv: string[] },
) => UtilityProcessLike & { readonly stdout: { on(event: 'data', listener: (chunk: Buffer) => void): unknown } | null }

/**
 * The runner's launcher over a utilityProcess fork: the same worker entry as child_process
 * uses, its stdout passed through to ours (which also keeps the pipe drained), its stderr
 * kept for crash reports. A utility process cannot be put in a process group of its own, so
 * there the worker's own SIGINT handler and parent watch (parent port, parent pid) are what
 * keep it in line.
 */
export function utilityLauncherOf(fork: UtilityFork, passThrough: (chunk: Buffer) => void = (c) => void process.stdout.write(c)): WorkerLauncher {
  return () => {
    const entry = workerEntry()
    const child = fork(entry.file, [], { serviceName: 'Continuum training worker', stdio: 'pipe', execArgv: entry.execArgv })
    child.stdout?.on('data', passThrough)
    return adaptUtilityProcess(child)
  }
}

export const STDERR_TAIL_BYTES = 8 * 1024

export function validateWorkerMessage(raw: unknown): FromWorker {
  const parsed = FromWorkerSchema.safeParse(raw)
  if (parsed.success) return parsed.data
  return { type: 'error', error: { kind: 'PROTOCOL', message: `The worker sent an invalid message: ${parsed.error.issues[0]?.message ?? 'unknown'}` } }
}

export function appendTail(tail: string, chunk: Buffer | string, limit = STDERR_TAIL_BYTES): string {
  return (tail + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'))).slice(-limit)
}

/**
 * utilityProcess reports only an exit code. When we killed the process ourselves, we report
 * the signal we sent, so the runner's messages ("signal SIGKILL, possibly out of memory") stay
 * the same as with child_process.
 */
export function translateExit(code: number, killedWith: NodeJS.Signals | null): { code: number | null; signal: string | null } {
  if (killedWith && code !== 0) return { code: null, signal: killedWith }
  return { code, signal: null }
}

export function adaptUtilityProcess(child: UtilityProcessLike): WorkerHandle {
  let stderrTail = ''
  let exited = false
  let killedWith: NodeJS.Signals | null = null
  child.stderr?.on('data', (chunk) => {
    stderrTail = appendTail(stderrTail, chunk)
  })
  const messageListeners: ((m: FromWorker) => void)[] = []
  const exitListeners: ((e: { code: number | null; signal: string | null; stderrTail: string }) => void)[] = []
  child.on('message', (raw) => {
    const message = validateWorkerMessage(raw)
    for (const l of messageListeners) l(message)
  })
  child.on('exit', (code) => {
    exited = true
    // Let the last stderr chunks arrive before reporting the tail.
    setImmediate(() => {
      const exit = { ...translateExit(code, killedWith), stderrTail }
      for (const l of exitListeners) l(exit)
    })
  })
  return {
    get pid() {
      return child.pid
    },
    send(message: ToWorker) {
      if (exited) return
      try {
        child.postMessage(message)
      } catch (error) {
        stderrTail = appendTail(stderrTail, `[continuum] could not send to the worker: ${error instanceof Error ? error.message : String(error)}\n`)
      }
    },
    kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (exited) return
      killedWith = signal
      child.kill()
    },
    onMessage: (l) => void messageListeners.push(l),
    onExit: (l) => void exitListeners.push(l),
  }
}
