/**
 * The Settings form's view of a cluster profile: text for every field (lists one item a line,
 * numbers as typed), turned back into a profile and checked with the one schema
 * (shared/schemas/cluster-profile.ts) so each error lands under its field.
 */
import { checkProfile, type CheckedProfile } from '../../../shared/cluster-profile-json'
import { ClusterProfile } from '../../../shared/schemas/cluster-profile'

export interface ClusterDraft {
  name: string
  clusterDir: string
  partition: string
  account: string
  timeLimit: string
  cpusPerJob: number | string
  gpusPerJob: number | string
  /** One sbatch option a line. */
  extraSbatch: string
  /** One argument a line. */
  nodeCommand: string
  maxParallel: number | string
  pollSeconds: number | string
}

/** The schema's defaults, for a new profile (clusterDir has none: it must be chosen). */
export const DEFAULTS: ClusterProfile = ClusterProfile.parse({ clusterDir: '/' })

export function draftOf(p: ClusterProfile | null): ClusterDraft {
  const v = p ?? { ...DEFAULTS, clusterDir: '' }
  return {
    name: v.name,
    clusterDir: v.clusterDir,
    partition: v.partition ?? '',
    account: v.account ?? '',
    timeLimit: v.timeLimit,
    cpusPerJob: v.cpusPerJob,
    gpusPerJob: v.gpusPerJob,
    extraSbatch: v.extraSbatch.join('\n'),
    nodeCommand: v.nodeCommand.join('\n'),
    maxParallel: v.maxParallel,
    pollSeconds: v.pollSeconds,
  }
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l !== '')
/** A number input's value: a number, or the text typed (which the schema then refuses by name). */
const numberOf = (v: number | string): unknown => (typeof v === 'number' ? v : v.trim() === '' ? NaN : Number.isFinite(Number(v)) ? Number(v) : v)

/** The draft as the schema's input; its values are checked by the schema, not assumed. */
export function profileInputOf(d: ClusterDraft): Record<keyof ClusterDraft, unknown> {
  return {
    name: d.name.trim(),
    clusterDir: d.clusterDir.trim(),
    partition: d.partition.trim() || null,
    account: d.account.trim() || null,
    timeLimit: d.timeLimit.trim(),
    cpusPerJob: numberOf(d.cpusPerJob),
    gpusPerJob: numberOf(d.gpusPerJob),
    extraSbatch: lines(d.extraSbatch),
    nodeCommand: lines(d.nodeCommand),
    maxParallel: numberOf(d.maxParallel),
    pollSeconds: numberOf(d.pollSeconds),
  }
}

export const checkDraft = (d: ClusterDraft): CheckedProfile => checkProfile(profileInputOf(d))
