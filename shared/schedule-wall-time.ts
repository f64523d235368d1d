/**
 * The wall time of a set of jobs on N parallel slots (issue 15): list scheduling over the
 * dependency graph. A job starts as soon as every job it depends on has ended and a slot is
 * free; among jobs ready at the same moment, the one listed first goes first (the runner's
 * queue order, which is the expansion's order). Pure: the editor's dry run, the service and
 * the CLI all call this one definition.
 *
 * On one machine the runner splits the cores among the jobs that can run when a job starts
 * (runner.ts: sharing = min(slots, running + ready)) and a job keeps its threads to the end,
 * so a job's duration is fixed at its start: `slowdown(sharing)` stretches it (1 when jobs do
 * not share anything, as on a cluster where each has its own CPUs).
 */

export interface TimedJob {
  key: string
  /** Estimated seconds the job runs alone (0 is allowed: it ends when it starts). */
  seconds: number
  dependsOn: readonly string[]
}

export interface WallTime {
  /** From the first start to the last end. */
  seconds: number
  /** Sum of every job's seconds alone: the wall time on one slot. */
  busySeconds: number
  /** The longest chain of dependencies, each job alone: the wall time on unlimited slots that share nothing. */
  criticalPathSeconds: number
  /** When each job starts, by key. */
  starts: Map<string, number>
}

export class ScheduleGraphError extends Error {}

/** The list schedule of `jobs` on `slots` slots. Throws on an unknown dependency, a repeated key or a cycle, naming the job. */
export function listSchedule(jobs: readonly TimedJob[], slots: number, slowdown: (sharing: number) => number = () => 1): WallTime {
  if (!Number.isInteger(slots) || slots < 1) throw new ScheduleGraphError(`slots must be a whole number of at least 1, not ${slots}`)
  const byKey = new Map<string, TimedJob>()
  for (const [i, job] of jobs.entries()) {
    if (byKey.has(job.key)) throw new ScheduleGraphError(`jobs[${i}]: the key "${job.key}" is used twice`)
    if (!Number.isFinite(job.seconds) || job.seconds < 0) throw new ScheduleGraphError(`jobs[${i}] ("${job.key}"): seconds must be a finite number ≥ 0, not ${job.seconds}`)
    byKey.set(job.key, job)
  }
  for (const [i, job] of jobs.entries()) {
    for (const dep of job.dependsOn) if (!byKey.has(dep)) throw new ScheduleGraphError(`jobs[${i}] ("${job.key}") depends on "${dep}", which is not a job`)
  }

  const ends = new Map<string, number>()
  const starts = new Map<string, number>()
  const running: { key: string; end: number }[] = []
  let waiting = [...jobs]
  let now = 0
  while (waiting.length > 0 || running.length > 0) {
    // Start every ready job, in list order, while a slot is free.
    const isReady = (job: TimedJob) => job.dependsOn.every((d) => ends.has(d))
    let ready = waiting.filter(isReady).length
    const still: TimedJob[] = []
    for (const job of waiting) {
      if (isReady(job) && running.length < slots) {
        const sharing = Math.min(slots, running.length + ready)
        ready--
        starts.set(job.key, now)
        running.push({ key: job.key, end: now + job.seconds * slowdown(sharing) })
      } else still.push(job)
    }
    waiting = still
    if (running.length === 0) {
      // Nothing runs and nothing could start: what is left waits on itself.
      throw new ScheduleGraphError(`the dependencies of ${waiting.map((j) => `"${j.key}"`).join(', ')} form a cycle`)
    }
    // Advance to the next end; every job ending then frees its slot.
    now = Math.min(...running.map((r) => r.end))
    for (let i = running.length - 1; i >= 0; i--) {
      if (running[i]!.end <= now) {
        ends.set(running[i]!.key, running[i]!.end)
        running.splice(i, 1)
      }
    }
  }

  const chain = new Map<string, number>()
  const longest = (job: TimedJob): number => {
    const known = chain.get(job.key)
    if (known !== undefined) return known
    const value = job.seconds + Math.max(0, ...job.dependsOn.map((d) => longest(byKey.get(d)!)))
    chain.set(job.key, value)
    return value
  }
  return {
    seconds: Math.max(0, ...ends.values()),
    busySeconds: jobs.reduce((s, j) => s + j.seconds, 0),
    criticalPathSeconds: Math.max(0, ...jobs.map(longest)),
    starts,
  }
}
