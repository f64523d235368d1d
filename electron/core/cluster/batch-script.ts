/**
 * A Slurm job's batch script: the profile's resources as #SBATCH lines and an `exec` of the
 * node command on the cluster worker entry, so the batch step *is* the worker and Slurm's
 * signals (scancel --batch, --signal=B:USR1@120 near the time limit) reach it directly.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ClusterProfile } from '../../../shared/schemas/cluster-profile'
import { RELAXED_SIMD_EXEC_ARGV } from '../engine/kernels/relaxed-simd'
import { SPEC_FILE } from './staging'

export const BATCH_FILE = 'job.sbatch'
export const OUTPUT_FILE = 'slurm.out'
/** Seconds before the time limit at which Slurm sends USR1: a step of the largest model plus a checkpoint fits in 2 minutes. */
export const PAUSE_BEFORE_LIMIT_S = 120

/** The built cluster entry beside the main bundle, else the TypeScript source through tsx (tests, the CLI). */
export function clusterEntry(): { file: string; execArgv: string[] } {
  for (const dir of [__dirname, join(__dirname, '..')]) {
    const built = join(dir, 'cluster.js')
    if (existsSync(built)) return { file: built, execArgv: [] }
  }
  const source = join(__dirname, '../../worker/cluster.ts')
  if (existsSync(source)) return { file: source, execArgv: ['--import', 'tsx'] }
  throw new Error(`The cluster worker entry was not found (looked beside ${__dirname}).`)
}

/** POSIX shell single quotes: the only character needing care inside them is the quote itself. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`

export function batchScript(profile: ClusterProfile, dir: string, name: string, entry = clusterEntry()): string {
  const lines = ['#!/bin/sh', `#SBATCH --job-name=${name}`, `#SBATCH --output=${join(dir, OUTPUT_FILE)}`]
  if (profile.partition) lines.push(`#SBATCH --partition=${profile.partition}`)
  if (profile.account) lines.push(`#SBATCH --account=${profile.account}`)
  lines.push(`#SBATCH --time=${profile.timeLimit}`, '#SBATCH --nodes=1', '#SBATCH --ntasks=1', `#SBATCH --cpus-per-task=${profile.cpusPerJob}`)
  if (profile.gpusPerJob > 0) lines.push(`#SBATCH --gres=gpu:${profile.gpusPerJob}`)
  lines.push(`#SBATCH --signal=B:USR1@${PAUSE_BEFORE_LIMIT_S}`)
  for (const extra of profile.extraSbatch) lines.push(`#SBATCH ${extra.trim()}`)
  const argv = [...profile.nodeCommand, ...RELAXED_SIMD_EXEC_ARGV, ...entry.execArgv, entry.file, join(dir, SPEC_FILE)]
  lines.push(
    '# The packaged app binary runs as plain Node with this; Node itself ignores it.',
    'export ELECTRON_RUN_AS_NODE=1',
    `exec ${argv.map(shellQuote).join(' ')}`,
    '',
  )
  return lines.join('\n')
}
