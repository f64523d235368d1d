/**
 * A worker never outlives its runner. Linux's prctl(PR_SET_PDEATHSIG) would have the kernel
 * signal us when the parent dies, but Node exposes no prctl without a native addon, so the
 * worker watches for itself:
 * - child_process.fork: the IPC channel closes ('disconnect') the moment the parent dies;
 * - Electron utilityProcess: Chromium ends a utility process whose browser process is gone,
 *   but Electron documents no parentPort 'close' event; one is listened for in case the port
 *   has it (MessagePortMain does);
 * - either way, as the fallback, process.ppid is polled every second: when it changes, the
 *   worker was re-parented (to init or a subreaper), so its parent is gone.
 * The worker also ignores SIGINT: only the runner decides whether a job pauses. A forked
 * worker is in a process group of its own, out of a terminal Ctrl-C's reach from its first
 * instruction (worker-process.ts); this handler covers a SIGINT sent to it directly and
 * Electron's utilityProcess, which cannot be detached.
 */

/** How often the parent pid is polled. */
export const PPID_POLL_MS = 1_000

export interface ParentWatch {
  readonly gone: boolean
  stop(): void
}

const hasOn = (v: unknown): v is { on(event: string, listener: () => void): unknown } =>
  typeof v === 'object' && v !== null && typeof Reflect.get(v, 'on') === 'function'

export function watchParent(onGone: (why: string) => void): ParentWatch {
  const startPpid = process.ppid
  let gone = false
  const fire = (why: string) => {
    if (gone) return
    gone = true
    clearInterval(timer)
    onGone(why)
  }
  const timer = setInterval(() => {
    if (process.ppid !== startPpid) fire(`the parent process ${startPpid} is gone (re-parented to ${process.ppid})`)
  }, PPID_POLL_MS)
  // The poll alone must not keep a worker alive that has nothing else to do.
  timer.unref()
  process.on('disconnect', () => fire('the IPC channel to the parent closed'))
  const port: unknown = Reflect.get(process, 'parentPort')
  if (hasOn(port)) port.on('close', () => fire('the parent port closed'))
  return {
    get gone() {
      return gone
    },
    stop: () => clearInterval(timer),
  }
}

/** A SIGINT that still reaches the worker is the runner's to handle, not the worker's. */
export function ignoreTerminalInterrupt(): void {
  process.on('SIGINT', () => undefined)
}
