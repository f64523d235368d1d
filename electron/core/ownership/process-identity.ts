/**
 * Who a process is, in a way that survives pid reuse. A pid alone is not an identity: Linux
 * hands out pids again (pid_max is 32768 by default on many systems, 4 million on others), so
 * a lock or a job row that names pid 1234 may, after a reboot or a busy day, name an unrelated
 * process. On Linux the kernel's start time of the process (field 22 of /proc/<pid>/stat, in
 * clock ticks since boot) pins it down: the same pid with another start time is another
 * process. Elsewhere only the pid's liveness is known.
 */
import { readFileSync } from 'node:fs'

export interface ProcessIdentity {
  pid: number
  /** Start time from /proc/<pid>/stat (Linux), or null where the platform does not tell. */
  startTime: string | null
}

interface ProcStat {
  state: string
  ppid: number
  startTime: string
}

/** Parses /proc/<pid>/stat; null when the process is gone or the platform has no /proc. */
export function procStat(pid: number): ProcStat | null {
  if (process.platform !== 'linux') return null
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return null
  }
  // Field 2 (comm) is in parentheses and may itself hold spaces or ')': split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state), so field N is fields[N - 3].
  const state = fields[0]
  const ppid = Number(fields[1])
  const startTime = fields[19]
  if (!state || !Number.isInteger(ppid) || !startTime || !/^\d+$/.test(startTime)) return null
  return { state, ppid, startTime }
}

export function processStartTime(pid: number): string | null {
  return procStat(pid)?.startTime ?? null
}

export function identityOf(pid: number): ProcessIdentity {
  return { pid, startTime: processStartTime(pid) }
}

export const selfIdentity = (): ProcessIdentity => identityOf(process.pid)

/**
 * Is the process that `identity` names still running? Signal 0 checks that the pid exists
 * (EPERM: it exists but belongs to another user). On Linux the start time must match too,
 * and a zombie (exited, not yet reaped) counts as gone.
 */
export function isAlive(identity: ProcessIdentity): boolean {
  if (!Number.isInteger(identity.pid) || identity.pid <= 0) return false
  try {
    process.kill(identity.pid, 0)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  if (process.platform !== 'linux') return true
  const stat = procStat(identity.pid)
  if (!stat || stat.state === 'Z' || stat.state === 'X') return false
  return identity.startTime === null || stat.startTime === identity.startTime
}
