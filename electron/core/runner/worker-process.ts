/**
 * Starting a training worker as an OS process and speaking the protocol with it. Under Node
 * (web host, CLI, tests) it is a child process; the Electron shell passes its own launcher
 * (utilityProcess) with the same shape. Messages from the worker are validated; a worker
 * that sends garbage or dies is reported with the tail of its stderr.
 */
import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { RELAXED_SIMD_EXEC_ARGV } from '../engine/kernels/relaxed-simd'
import { FromWorker, type ToWorker } from '../jobs/protocol'

export interface WorkerHandle {
  readonly pid: number | undefined
  send(message: ToWorker): void
  kill(signal?: NodeJS.Signals): void
  onMessage(listener: (message: FromWorker) => void): void
  /** Exit code or signal, and the last lines the worker wrote to stderr. */
  onExit(listener: (exit: { code: number | null; signal: string | null; stderrTail: string }) => void): void
}

export type WorkerLauncher = () => WorkerHandle

const STDERR_TAIL_BYTES = 8 * 1024

/** The built worker entry beside the main bundle, else the TypeScript source through tsx. */
export function workerEntry(): { file: string; execArgv: string[] } {
  for (const dir of [__dirname, join(__dirname, '..')]) {
    const built = join(dir, 'worker.js')
    if (existsSync(built)) return { file: built, execArgv: [] }
  }
  const source = join(__dirname, '../../worker/index.ts')
  if (existsSync(source)) return { file: source, execArgv: ['--import', 'tsx'] }
  throw new Error(`The training worker entry was not found (looked beside ${__dirname}).`)
}

/**
 * The worker runs in a process group of its own (`detached`: setsid on POSIX), so a terminal's
 * Ctrl-C, which signals the whole foreground group, reaches only the runner, which decides to
 * pause. The worker's own SIGINT handler alone left a window: it exists only once the worker's
 * imports have loaded, 2.5-4 s after the fork (measured under tsx on the loaded 2-core CI
 * machine, Node 20 and 22 alike), and a Ctrl-C in that window killed the worker ("signal
 * SIGINT") so its job failed instead of pausing. Being detached does not let it outlive the
 * runner: it watches the IPC channel and its parent pid (electron/worker/parent-watch.ts), and
 * the runner keeps a reference to it (no unref), so it is still waited for.
 */
export const forkWorker: WorkerLauncher = () => {
  const entry = workerEntry()
  // Relaxed SIMD (the GEMM) needs a V8 flag on Node 20; the gradient threads inherit it, since
  // worker threads cannot take V8 flags of their own.
  const child = fork(entry.file, [], { execArgv: [...RELAXED_SIMD_EXEC_ARGV, ...entry.execArgv], stdio: ['ignore', 'inherit', 'pipe', 'ipc'], serialization: 'advanced', detached: true })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES)
  })
  const messageListeners: ((m: FromWorker) => void)[] = []
  child.on('message', (raw) => {
    const parsed = FromWorker.safeParse(raw)
    const message: FromWorker = parsed.success
      ? parsed.data
      : { type: 'error', error: { kind: 'PROTOCOL', message: `The worker sent an invalid message: ${parsed.error.issues[0]?.message ?? 'unknown'}` } }
    for (const l of messageListeners) l(message)
  })
  return {
    pid: child.pid,
    send: (m) => {
      if (child.connected) child.send(m)
    },
    kill: (signal = 'SIGTERM') => void child.kill(signal),
    onMessage: (l) => void messageListeners.push(l),
    onExit: (l) => void child.on('exit', (code, signal) => l({ code, signal, stderrTail: stderr })),
  }
}
