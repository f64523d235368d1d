/**
 * `--cluster profile.json`: a cluster profile as the CLI reads it (the same JSON reader as a
 * schedule file), checked against the one ClusterProfile schema. The error names the file and
 * the field, e.g. `profile.json: cpusPerJob: Too small: expected number to be >=1`.
 */
import { ClusterProfile } from '../../shared/schemas/cluster-profile'
import { AppError } from '../core/errors'
import { readScheduleJson } from './schedule-file'

export function readClusterProfile(file: string): ClusterProfile {
  const parsed = ClusterProfile.safeParse(readScheduleJson(file))
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  throw new AppError('BAD_REQUEST', `${file}: ${issue.path.join('.') || '(profile)'}: ${issue.message}`)
}
