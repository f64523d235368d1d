/**
 * Turns schema issues into a message that names each offending field, e.g.
 * `points[3].value: value must be a finite number`. Used by every transport so a bad
 * payload always gets the same readable, typed error.
 */
export interface FieldIssue {
  path: string
  message: string
}

type Segment = PropertyKey | { readonly key: PropertyKey }

interface IssueLike {
  readonly message: string
  readonly path?: ReadonlyArray<Segment> | undefined
  readonly code?: string
  /** `unrecognized_keys`: the extra fields of a strict object. */
  readonly keys?: readonly string[]
  /** `invalid_union`: each alternative's own issues. */
  readonly errors?: ReadonlyArray<ReadonlyArray<IssueLike>>
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

// The value is of another shape than this alternative altogether (a string where an object goes).
const missesShape = (issues: ReadonlyArray<IssueLike>) => issues.some((i) => (i.path?.length ?? 0) === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value'))

/**
 * Issues with their full paths: an extra field of a strict object is named in the path
 * (`pretrain.checkpionts: unknown field`), and a value that fits no alternative of a union
 * (`{"stpes": 5}` for `{steps} | {tokens}`) reports the closest alternative's issues
 * rather than only "Invalid input".
 */
function flatten(issue: IssueLike, prefix: ReadonlyArray<Segment>): { path: Segment[]; message: string }[] {
  const path = [...prefix, ...(issue.path ?? [])]
  if (issue.code === 'unrecognized_keys' && issue.keys && issue.keys.length > 0) return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown field' }))
  if (issue.code === 'invalid_union' && issue.errors) {
    const candidates = issue.errors.filter((alternative) => alternative.length > 0 && !missesShape(alternative))
    if (candidates.length > 0) {
      const closest = candidates.reduce((best, c) => (c.length < best.length ? c : best))
      return closest.flatMap((i) => flatten(i, path))
    }
  }
  return [{ path, message: issue.message }]
}

export function toFieldIssues(issues: ReadonlyArray<IssueLike>): FieldIssue[] {
  return issues.flatMap((issue) => flatten(issue, [])).map((i) => ({ path: formatPath(i.path), message: i.message }))
}

export function describeIssues(issues: ReadonlyArray<FieldIssue>): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ')
}
