/**
 * Real processes for the ownership and fault tests: a pid that is certainly dead, and a scan
 * of /proc for training workers carrying a test's marker in their environment (workers
 * inherit it from the CLI or host that forked them).
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

/** The pid of a process that has exited (and been reaped). */
export function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', ''])
  return r.pid!
}

/** Whether a process with this pid exists (signal 0 only asks). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

export interface ProcInfo {
  pid: number
  ppid: number
  state: string
  cmdline: string
}

/** Live processes (not zombies) whose environment holds `marker=1` and whose command line contains `needle`. */
export function findProcesses(marker: string, needle: string): ProcInfo[] {
  const out: ProcInfo[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const pid = Number(name)
    const cmdline = read(`/proc/${pid}/cmdline`)?.replaceAll('\0', ' ') ?? ''
    if (!cmdline.includes(needle)) continue
    const environ = read(`/proc/${pid}/environ`) ?? ''
    if (!environ.split('\0').includes(`${marker}=1`)) continue
    const stat = read(`/proc/${pid}/stat`)
    if (!stat) continue
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (fields[0] === 'Z' || fields[0] === 'X') continue
    out.push({ pid, ppid: Number(fields[1]), state: fields[0]!, cmdline })
  }
  return out
}

export const workersOf = (marker: string): ProcInfo[] => findProcesses(marker, 'worker')

export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs: number, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = probe()
    if (v !== undefined && v !== null && v !== false) return v
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
