/**
 * A profile.json's text, parsed and checked with the one schema: what the CLI's --cluster
 * reads, the data folder's saved profile, and Settings' Import. Issues name each bad field.
 */
import { ClusterProfile } from './schemas/cluster-profile'
import { toFieldIssues, type FieldIssue } from './validation-error'

export type CheckedProfile = { profile: ClusterProfile; issues: [] } | { profile: null; issues: FieldIssue[] }

export function checkProfile(value: unknown): CheckedProfile {
  const parsed = ClusterProfile.safeParse(value)
  return parsed.success ? { profile: parsed.data, issues: [] } : { profile: null, issues: toFieldIssues(parsed.error.issues) }
}

export function readProfileJson(text: string): CheckedProfile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return { profile: null, issues: [{ path: '(file)', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` }] }
  }
  return checkProfile(json)
}

/** The text Export and Settings write: what the CLI's --cluster reads back. */
export const profileJson = (p: ClusterProfile): string => JSON.stringify(p, null, 2) + '\n'
