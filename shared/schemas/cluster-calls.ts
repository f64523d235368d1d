/**
 * Payloads of the cluster calls (issue 15): the saved cluster profile, the Settings page's
 * "Test" of Slurm, and where a dry run places the jobs with its wall-time estimate.
 */
import { z } from 'zod'
import { ClusterProfile, Executor } from './cluster-profile'

/** The profile saved in the data folder (the same file the CLI's --cluster takes). */
export const ClusterProfileState = z.object({
  /** Where the profile is kept: <data folder>/cluster-profile.json. */
  path: z.string(),
  profile: ClusterProfile.nullable(),
  /** The file exists but does not parse (edited by hand): what is wrong, field by field. */
  problem: z.string().nullable(),
})
export type ClusterProfileState = z.infer<typeof ClusterProfileState>

export const SaveClusterProfile = z.strictObject({ profile: ClusterProfile.nullable() })

export const SlurmPartition = z.object({ name: z.string(), isDefault: z.boolean() })

/** What `sinfo --version` and `sinfo -h -o %P` said, run by the host with the profile. */
export const ClusterTestResult = z.object({
  ok: z.boolean(),
  /** "slurm 22.05.8", or null when sinfo did not answer. */
  version: z.string().nullable(),
  partitions: z.array(SlurmPartition),
  /** Each problem in plain words: sinfo missing, Slurm's own error, an unlisted partition, the cluster folder. */
  problems: z.array(z.string()),
})
export type ClusterTestResult = z.infer<typeof ClusterTestResult>

/** Where the jobs would run and how long they would take there, N at a time. */
export const Placement = z.object({
  executor: Executor,
  /** "this machine" or "cluster 'name', partition p". */
  where: z.string(),
  jobs: z.number().int(),
  /** Jobs at once: the runner's concurrency here, the profile's maxParallel on a cluster. */
  slots: z.number().int(),
  /** The list schedule's wall time of the training over the dependency graph on `slots` slots. */
  wallSeconds: z.number(),
  /** The same jobs one at a time, and on unlimited slots (the longest dependency chain). */
  serialSeconds: z.number(),
  criticalPathSeconds: z.number(),
  /** What one job's speed assumes (cores a job gets). */
  basis: z.string(),
  /** The line the editor and the CLI print. */
  line: z.string(),
})
export type Placement = z.infer<typeof Placement>
