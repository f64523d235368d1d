import { z } from 'zod'

/** Database row ids are positive integers (SQLite's rowid is at most 2^63 − 1; JS integers stay exact to 2^53). */
export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)

/** Milliseconds since the Unix epoch. */
export const Timestamp = z.number().int().nonnegative()

/** Free-form JSON object as the store returns it, e.g. a run's config (outputs only; inputs use `JsonInput`). */
export const JsonObject = z.record(z.string(), z.unknown())

// ---- Bounds on everything a client sends, stated once and visible in the contract ----------

/** Names of runs, experiments, datasets, tasks: one line a table can show. */
export const NAME_MAX = 200
/** Descriptions, instructions. */
export const TEXT_MAX = 10_000
/** A run's notes. */
export const NOTES_MAX = 100_000
/** A file or folder path (Linux's PATH_MAX). */
export const PATH_MAX = 4096
/** A JSON blob (a run's config) serialised: 1,000,000 characters. */
export const JSON_MAX_CHARS = 1_000_000
/** Nesting of a JSON blob: deeper is no config a person writes, and recursion over it could overflow the stack. */
export const JSON_MAX_DEPTH = 64

// A lone surrogate cannot be encoded as UTF-8: SQLite would store replacement bytes, and the
// same name read back would never equal the one sent (one experiment per call, each trained).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
export const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s)
const WELL_FORMED = 'must be valid Unicode (it holds a lone surrogate)'

/** A string of at most `max` characters that is valid Unicode. */
export const Text = (max: number) => z.string().max(max, `must be at most ${max} characters`).refine(isWellFormed, WELL_FORMED)

/** A path on this machine: non-empty, bounded, and free of NUL bytes (which the OS would cut the path at). */
export const PathString = Text(PATH_MAX)
  .min(1, 'a path is required')
  .refine((s) => !s.includes('\0'), 'must not contain a NUL byte')

export const Tag = z
  .string()
  .trim()
  .min(1, 'a tag cannot be empty')
  .max(64, 'a tag is at most 64 characters')
  .regex(/^[^,\n]+$/, 'a tag cannot contain commas or newlines')
  .refine(isWellFormed, WELL_FORMED)

type Path = (string | number)[]

/** Why `value` is not plain JSON within the bounds, with where; walks iteratively so no depth overflows the stack. */
export function jsonIssue(value: unknown): { path: Path; message: string } | null {
  const stack: { value: unknown; path: Path }[] = [{ value, path: [] }]
  let chars = 0
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!
    if (path.length > JSON_MAX_DEPTH) return { path: path.slice(0, JSON_MAX_DEPTH), message: `nests deeper than ${JSON_MAX_DEPTH} levels` }
    // `chars` counts the JSON text as it would be written (escapes aside), so a blob over the bound stops early.
    if (v === null || typeof v === 'boolean') chars += 5
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path, message: 'must be a finite number (JSON has no NaN or Infinity)' }
      chars += String(v).length + 1
    } else if (typeof v === 'string') {
      if (!isWellFormed(v)) return { path, message: WELL_FORMED }
      chars += v.length + 2
    } else if (Array.isArray(v)) {
      chars += 2 + v.length
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] })
    } else if (typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
      chars += 2
      for (const [key, child] of Object.entries(v)) {
        if (!isWellFormed(key)) return { path: [...path, key], message: `the key ${WELL_FORMED}` }
        chars += key.length + 4
        stack.push({ value: child, path: [...path, key] })
      }
    } else {
      const kind = typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v
      return { path, message: `a ${kind} is not JSON (use null, booleans, numbers, strings, arrays and objects)` }
    }
    if (chars > JSON_MAX_CHARS) return { path: [], message: `must be at most ${JSON_MAX_CHARS.toLocaleString('en')} characters of JSON` }
  }
  return null
}

/** A JSON object a client sends (a run's config): plain JSON, ≤ 64 levels deep, ≤ 1,000,000 characters. */
export const JsonInput = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const issue = jsonIssue(value)
  if (issue) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path })
})

/** For `.superRefine` on a list whose items must differ (seeds, replay ratios, tasks): names the repeat. */
export function distinct(items: readonly unknown[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>()
  items.forEach((item, i) => {
    const key = JSON.stringify(item)
    if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `${key} is listed twice`, path: [i] })
    seen.add(key)
  })
}
