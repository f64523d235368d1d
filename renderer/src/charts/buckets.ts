/**
 * Helpers over a series' columnar buckets (`SeriesBuckets`: one array per field, bucket i at
 * index i of each): slicing, joining, and laying a finer view over a coarser overview.
 */
import type { SeriesBuckets } from '../../../shared/schemas/metric'

const FIELDS = ['fromStep', 'toStep', 'count', 'min', 'max', 'last', 'lastStep', 'lastTokens', 'lastWallTime'] as const

export const NO_BUCKETS: SeriesBuckets = { fromStep: [], toStep: [], count: [], min: [], max: [], last: [], lastStep: [], lastTokens: [], lastWallTime: [] }

export const bucketCount = (b: SeriesBuckets): number => b.count.length

function build(make: (column: number[]) => number[], b: SeriesBuckets): SeriesBuckets {
  const out = {} as Record<(typeof FIELDS)[number], number[]>
  for (const f of FIELDS) out[f] = make(b[f])
  return out
}

/** Buckets [start, end) of `b`. */
export function sliceBuckets(b: SeriesBuckets, start: number, end = bucketCount(b)): SeriesBuckets {
  return start === 0 && end >= bucketCount(b) ? b : build((c) => c.slice(start, end), b)
}

/** The buckets at the given indices, in that order. */
export function pickBuckets(b: SeriesBuckets, indices: readonly number[]): SeriesBuckets {
  return build((c) => indices.map((i) => c[i]!), b)
}

/** `parts` one after another (each in step order, each after the one before). */
export function concatBuckets(...parts: SeriesBuckets[]): SeriesBuckets {
  const nonEmpty = parts.filter((p) => bucketCount(p) > 0)
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? NO_BUCKETS
  const out = {} as Record<(typeof FIELDS)[number], number[]>
  for (const f of FIELDS) out[f] = ([] as number[]).concat(...nonEmpty.map((p) => p[f]))
  return out
}

/** The first index of an ascending column holding `step` or more (its length if none). */
function firstIndex(column: readonly number[], step: number): number {
  let lo = 0
  let hi = column.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (column[mid]! < step) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * A finer view of part of a line laid over its overview: the overview's buckets wholly before
 * and wholly after the view's step range, with the view's between. While a pan or zoom waits
 * for the server, the part just fetched stays sharp and the rest is drawn coarse.
 */
export function overlayBuckets(overview: SeriesBuckets, view: SeriesBuckets): SeriesBuckets {
  const n = bucketCount(view)
  if (n === 0) return overview
  const from = view.fromStep[0]!
  const to = view.toStep[n - 1]!
  const before = firstIndex(overview.toStep, from)
  const after = firstIndex(overview.fromStep, to + 1)
  return concatBuckets(sliceBuckets(overview, 0, before), view, sliceBuckets(overview, after))
}
