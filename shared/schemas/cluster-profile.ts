/**
 * Where and how jobs run on a Slurm cluster (issue 15): the one definition the CLI's
 * `--cluster profile.json`, the Settings page and the Slurm executor all read. A profile is
 * outside input (a file a person writes), so every field is bounded and checked here, and the
 * error names the field.
 */
import { z } from 'zod'
import { NAME_MAX, PathString, Text } from './common'

/** Slurm's --time formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
const SLURM_TIME = /^(\d+|\d+:\d{2}|\d+:\d{2}:\d{2}|\d+-\d+|\d+-\d+:\d{2}|\d+-\d+:\d{2}:\d{2})$/

/** A Slurm name (partition, account): no spaces, no shell metacharacters. */
const SlurmName = z
  .string()
  .min(1)
  .max(NAME_MAX)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only')

const OneLine = Text(1000).refine((s) => !/[\r\n\0]/.test(s), 'must be a single line')

export const ClusterProfile = z.strictObject({
  /** A label for the profile (shown where runs say where they ran). */
  name: SlurmName.default('slurm'),
  /**
   * A folder on the shared file system that this machine and every compute node can reach at
   * the same path: job specs, staged inputs, event logs and checkpoints live under it.
   */
  clusterDir: PathString.refine((p) => p.startsWith('/'), 'must be an absolute path'),
  partition: SlurmName.nullable().default(null),
  account: SlurmName.nullable().default(null),
  /** Each job's time limit (sbatch --time). A job near its limit pauses at a checkpoint first. */
  timeLimit: z.string().regex(SLURM_TIME, 'must be a Slurm time such as 60, 2:00:00 or 1-12:00:00').default('1:00:00'),
  cpusPerJob: z.number().int().min(1).max(1024).default(2),
  /** GPUs per job (--gres=gpu:N); with at least one the worker picks tfjs-node-gpu. */
  gpusPerJob: z.number().int().min(0).max(64).default(0),
  /** Extra sbatch options, one per line, written as `#SBATCH <line>` (e.g. "--qos=short"). */
  extraSbatch: z.array(OneLine.refine((s) => s.trim().startsWith('-'), 'must be an sbatch option starting with "-"')).max(100).default([]),
  /**
   * The command that runs Node on the nodes, as argv: ["node"], ["/opt/node-22/bin/node"], or the
   * packaged app's own binary (run with ELECTRON_RUN_AS_NODE=1, set by the executor).
   */
  nodeCommand: z.array(OneLine.pipe(z.string().min(1, 'must not be empty'))).min(1, 'needs at least the program').max(50).default(['node']),
  /** Jobs submitted to the cluster at once (the queue holds back the rest). */
  maxParallel: z.number().int().min(1).max(10_000).default(16),
  /** How often squeue/sacct and the event logs are read. */
  pollSeconds: z.number().min(0.2).max(600).default(2),
})
export type ClusterProfile = z.infer<typeof ClusterProfile>
export type ClusterProfileInput = z.input<typeof ClusterProfile>

export const Executor = z.enum(['local', 'slurm'])
export type Executor = z.infer<typeof Executor>
