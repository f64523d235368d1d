/**
 * How much CPU other processes took while a benchmark measured, from /proc: the machine's busy
 * time (/proc/stat) minus this process's and its waited-for children's (/proc/self/stat utime,
 * stime, cutime, cstime). The 1-minute load average it replaces counted the benchmark's own
 * previous measurement: on a quiet 2-core machine, right after a 2-thread run, it read 1.2-1.9
 * and marked every quiet figure "under load". Linux only; elsewhere nothing is measured.
 */
import { readFileSync } from 'node:fs'

/** Others using more than this share of one core on average skew a figure (a 2-thread side loses ~10% at 0.2). */
export const QUIET_CORES = 0.2

interface Sample {
  wallMs: number
  busyTicks: number
  ownTicks: number
}

/** Clock ticks per second: USER_HZ, 100 on every Linux ABI Node runs on. */
const HZ = 100

function sample(): Sample | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal …: busy is all but idle and iowait.
    const busyTicks = cpu.reduce((a, b) => a + b, 0) - cpu[3]! - (cpu[4] ?? 0)
    // Fields after the command name (which may hold spaces, hence the last ')'); utime is field 14.
    const self = readFileSync('/proc/self/stat', 'utf8')
    const f = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number)
    const ownTicks = f[11]! + f[12]! + f[13]! + f[14]!
    return { wallMs: performance.now(), busyTicks, ownTicks }
  } catch {
    return null
  }
}

/** Runs `f` and returns its result with the cores other processes used meanwhile (null where /proc is missing). */
export function withCompetingLoad<R>(f: () => R): { result: R; otherCores: number | null } {
  const before = sample()
  const result = f()
  const after = sample()
  if (!before || !after || after.wallMs - before.wallMs < 50) return { result, otherCores: null }
  const others = Math.max(0, after.busyTicks - before.busyTicks - (after.ownTicks - before.ownTicks)) / HZ
  return { result, otherCores: others / ((after.wallMs - before.wallMs) / 1000) }
}

export const underLoadNote = (otherCores: number | null | undefined): string =>
  otherCores != null && otherCores > QUIET_CORES ? `  (under load: other processes used ${otherCores.toFixed(2)} cores)` : ''
