/**
 * Where a dry run's jobs would run and their wall time there (issue 15): each job's seconds
 * come from the dry run's throughput (tokens / tokens per second, the same estimate as its
 * training time), and the jobs are list-scheduled over their dependencies on N slots
 * (shared/schedule-wall-time.ts). Here N is the runner's concurrency and the jobs share this
 * machine's cores as the runner shares them; on a cluster N is the profile's maxParallel and
 * each job has its own cpusPerJob cores, assumed as fast as this machine's.
 */
import { cpus } from 'node:os'
import { formatDuration, listSchedule, type ClusterProfile, type Placement, type TimedJob } from '../../../shared'
import { threadSpeedup } from './throughput'
import { AppError } from '../errors'
import { readClusterProfile } from '../system/cluster-profile-file'

export interface PlacedJob {
  key: string
  tokens: number
  dependsOn: readonly string[]
}

export type PlacementTarget = { executor: 'local'; concurrency: number; cores: number } | { executor: 'slurm'; profile: ClusterProfile; cores: number }

/** "cluster 'name', partition p" (or its default partition). */
export const clusterWhere = (p: ClusterProfile): string => `cluster '${p.name}', ${p.partition === null ? 'its default partition' : `partition ${p.partition}`}`

/** `tokensPerSecond` is one job's speed alone on this machine's `cores` (throughput.ts). */
export function estimatePlacement(jobs: readonly PlacedJob[], tokensPerSecond: number, target: PlacementTarget): Placement {
  const rate = Math.max(tokensPerSecond, 1e-9)
  const { cores } = target
  let timed: TimedJob[], slots: number, slowdown: (sharing: number) => number, where: string, basis: string
  if (target.executor === 'local') {
    slots = Math.max(1, target.concurrency)
    timed = jobs.map((j) => ({ key: j.key, dependsOn: j.dependsOn, seconds: j.tokens / rate }))
    // As the runner: each job gets ⌊cores / sharing⌋ threads (at least one); more jobs than cores time-share them.
    slowdown = (sharing) => {
      const threads = Math.max(1, Math.floor(cores / sharing))
      return (threadSpeedup(cores) / threadSpeedup(threads)) * Math.max(1, (sharing * threads) / cores)
    }
    where = 'this machine'
    basis = `${cores} cores shared by the jobs running at once`
  } else {
    const { profile } = target
    slots = profile.maxParallel
    const perJob = threadSpeedup(cores) / threadSpeedup(profile.cpusPerJob)
    timed = jobs.map((j) => ({ key: j.key, dependsOn: j.dependsOn, seconds: (j.tokens / rate) * perJob }))
    slowdown = () => 1
    where = clusterWhere(profile)
    basis = `${profile.cpusPerJob} CPU${profile.cpusPerJob === 1 ? '' : 's'} a job, as fast as this machine's${profile.gpusPerJob > 0 ? ` (the ${profile.gpusPerJob} GPU${profile.gpusPerJob === 1 ? '' : 's'} a job are not counted: no measurement)` : ''}`
  }
  const wall = listSchedule(timed, slots, slowdown)
  const line = `${jobs.length} job${jobs.length === 1 ? '' : 's'} on ${where}, ${slots} at a time: ≈ ${formatDuration(wall.seconds * 1000)} of training`
  return { executor: target.executor, where, jobs: jobs.length, slots, wallSeconds: wall.seconds, serialSeconds: wall.busySeconds, criticalPathSeconds: wall.criticalPathSeconds, basis, line }
}

/** This machine with the runner's concurrency (default: one job per core, as the runner). */
export const localTarget = (concurrency?: number): PlacementTarget => ({ executor: 'local', concurrency: concurrency ?? cpus().length, cores: cpus().length })

export const clusterTarget = (profile: ClusterProfile): PlacementTarget => ({ executor: 'slurm', profile, cores: cpus().length })

/** The dry run's target: this machine, or the cluster profile saved in Settings (an error when there is none). */
export async function savedTarget(executor: 'local' | 'slurm', dataDir: string, concurrency: number): Promise<PlacementTarget> {
  if (executor === 'local') return localTarget(concurrency)
  const saved = await readClusterProfile(dataDir)
  if (saved.profile) return clusterTarget(saved.profile)
  throw new AppError('BAD_REQUEST', saved.problem ?? `No cluster profile is saved for this data folder (${saved.path}); add one in Settings.`, { issues: [{ path: 'executor', message: saved.problem ?? 'no cluster profile is saved; add one in Settings' }] })
}
