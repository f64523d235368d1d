/**
 * Validation issues from `experiments.dryRun` / `create` name their field in two spellings:
 * zod's `schedule.branches[0].replay[1]` and the expander's `branches.0.tasks.0`. Both become
 * `branches[0].replay[1]`, the spelling the form's fields are keyed by.
 */
import type { FieldIssue } from '../../../shared/validation-error'

export function normalizeIssuePath(path: string): string {
  return path
    .replace(/^schedule(\.|$)/, '')
    .replace(/\.(\d+)(?=\.|\[|$)/g, '[$1]')
    .replace(/^\[/, '[')
}

/** The issues a call failed with, or one issue at the root when it carried none. */
export function issuesOf(error: unknown): FieldIssue[] {
  const data = (error as { data?: { issues?: unknown } } | null)?.data
  const issues = Array.isArray(data?.issues) ? (data.issues as FieldIssue[]) : []
  if (issues.length > 0) return issues.map((i) => ({ path: normalizeIssuePath(String(i.path)), message: String(i.message) }))
  const message = error instanceof Error ? error.message : String(error)
  return [{ path: '', message }]
}

/** Issues at `path` or below it (for a field that edits a list, e.g. `branches[0].replay`). */
export function issuesAt(issues: readonly FieldIssue[], path: string): FieldIssue[] {
  return issues.filter((i) => i.path === path || i.path.startsWith(`${path}[`) || i.path.startsWith(`${path}.`))
}

/** Text for a field's error: each issue with its path, so `[1]` of a list is named. */
export function fieldError(issues: readonly FieldIssue[], path: string): string | undefined {
  const at = issuesAt(issues, path)
  if (at.length === 0) return undefined
  return at.map((i) => `${i.path}: ${i.message}`).join('; ')
}
