/**
 * The Slurm executor of a data folder (issue 15): made from the profile Settings saves in
 * `<data folder>/cluster-profile.json`, or from the CLI's `--cluster profile.json`. A profile
 * saved anew applies from the next launch: the file is read again when its mtime changes, and
 * the executor made before goes on following the jobs it started. A broken file is an error
 * naming its fields (the launch fails with it); no file is no cluster.
 */
import { readFileSync, statSync } from 'node:fs'
import type { ClusterProfile } from '../../../shared/schemas/cluster-profile'
import type { Store } from '../store'
import { clusterProfilePath, parseClusterProfile } from '../system/cluster-profile-file'
import type { JobExecutor } from '../runner/executor'
import { slurmExecutor } from './slurm-executor'

export interface ClusterExecutors {
  current(): JobExecutor | null
  /** Stops following every cluster job (they go on; the next owner reattaches). */
  close(): void
}

export function clusterExecutors(store: Store, dataDir: string, fixed: ClusterProfile | null = null): ClusterExecutors {
  const made: JobExecutor[] = []
  const make = (profile: ClusterProfile) => {
    const executor = slurmExecutor(profile, { store, dataDir })
    made.push(executor)
    return executor
  }
  const pinned = fixed ? make(fixed) : null
  let saved: { mtimeMs: number; executor: JobExecutor } | null = null
  return {
    current: () => {
      if (pinned) return pinned
      const path = clusterProfilePath(dataDir)
      let mtimeMs: number
      try {
        mtimeMs = statSync(path).mtimeMs
      } catch {
        return null
      }
      if (saved?.mtimeMs !== mtimeMs) saved = { mtimeMs, executor: make(parseClusterProfile(readFileSync(path, 'utf8'), path)) }
      return saved.executor
    },
    close: () => {
      for (const e of made) e.close?.()
    },
  }
}
