/**
 * Workers left running by a runner that died (an orphan). The new owner stops them before
 * anything resumes, so a run never trains twice at once. A worker normally notices its parent
 * is gone within about a second and exits by itself (electron/worker/parent-watch.ts); this
 * is the bound for one that does not.
 */
import { isAlive, type ProcessIdentity } from './process-identity'

/** SIGTERM first; after this long without exiting, SIGKILL. */
export const ORPHAN_TERM_MS = 5_000
/** After SIGKILL the kernel reaps at once; this only bounds the wait for /proc to agree. */
const ORPHAN_KILL_MS = 2_000
const POLL_MS = 50

/**
 * A job row's pid can name a worker only if we can tell it from an unrelated process that
 * got the same pid later: on Linux that needs the start time recorded with it.
 */
export const verifiableWorker = (pid: number | null, startTime: string | null): ProcessIdentity | null =>
  pid === null ? null : process.platform === 'linux' && startTime === null ? null : { pid, startTime }

async function waitGone(identity: ProcessIdentity, ms: number): Promise<boolean> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (!isAlive(identity)) return true
    await new Promise((r) => setTimeout(r, POLL_MS))
  }
  return !isAlive(identity)
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig)
  } catch {
    // already gone
  }
}

/** Stops a live orphan; resolves with what it took. Throws if it is still alive after SIGKILL. */
export async function stopOrphan(identity: ProcessIdentity, termMs = ORPHAN_TERM_MS): Promise<'exited' | 'terminated' | 'killed'> {
  if (!isAlive(identity)) return 'exited'
  signal(identity.pid, 'SIGTERM')
  if (await waitGone(identity, termMs)) return 'terminated'
  signal(identity.pid, 'SIGKILL')
  if (await waitGone(identity, ORPHAN_KILL_MS)) return 'killed'
  throw new Error(`The orphaned worker ${identity.pid} survived SIGKILL.`)
}
