/**
 * Turns schema issues into a message that names each offending field, e.g.
 * `points[3].value: value must be a finite number`. Used by every transport so a bad
 * payload always gets the same readable, typed error.
 */
export interface FieldIssue {
  path: string
  message: string
}

interface IssueLike {
  readonly message: string
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined
}

export function formatPath(path: IssueLike['path']): string {
  if (!path || path.length === 0) return '(input)'
  let out = ''
  for (const segment of path) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment
    if (typeof key === 'number') out += `[${key}]`
    else out += out === '' ? String(key) : `.${String(key)}`
  }
  return out
}

export function toFieldIssues(issues: ReadonlyArray<IssueLike>): FieldIssue[] {
  return issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }))
}

export function describeIssues(issues: ReadonlyArray<FieldIssue>): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ')
}
