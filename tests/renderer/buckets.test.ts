/** Columnar buckets: slicing, joining, and a finer view laid over a coarser overview. */
import { describe, expect, it } from 'vitest'
import { bucketCount, concatBuckets, NO_BUCKETS, overlayBuckets, pickBuckets, sliceBuckets } from '../../renderer/src/charts/buckets'
import type { SeriesBuckets } from '../../shared/schemas/metric'

/** Buckets [from, to] each, holding `count` points with last value = the bucket's end step. */
function buckets(ranges: [number, number][]): SeriesBuckets {
  return {
    fromStep: ranges.map(([f]) => f),
    toStep: ranges.map(([, t]) => t),
    count: ranges.map(([f, t]) => t - f + 1),
    min: ranges.map(([f]) => f),
    max: ranges.map(([, t]) => t),
    last: ranges.map(([, t]) => t),
    lastStep: ranges.map(([, t]) => t),
    lastTokens: ranges.map(([, t]) => t * 10),
    lastWallTime: ranges.map(([, t]) => 1_000 + t),
  }
}

describe('buckets', () => {
  const overview = buckets([
    [0, 9],
    [10, 19],
    [20, 29],
    [30, 39],
  ])

  it('slices and picks every column alike', () => {
    expect(sliceBuckets(overview, 1, 3)).toEqual(buckets([[10, 19], [20, 29]]))
    // The whole range is the same object: nothing copied.
    expect(sliceBuckets(overview, 0)).toBe(overview)
    expect(pickBuckets(overview, [3, 0])).toEqual(buckets([[30, 39], [0, 9]]))
  })

  it('joins parts in order and skips empty ones', () => {
    const joined = concatBuckets(sliceBuckets(overview, 0, 1), NO_BUCKETS, sliceBuckets(overview, 2))
    expect(joined.fromStep).toEqual([0, 20, 30])
    expect(joined.lastTokens).toEqual([90, 290, 390])
    expect(bucketCount(concatBuckets(NO_BUCKETS, NO_BUCKETS))).toBe(0)
  })

  it('lays a view over the overview buckets wholly outside it', () => {
    // The view covers steps 12..24: buckets [10, 19] and [20, 29] overlap it and give way.
    const view = buckets([[12, 15], [16, 20], [21, 24]])
    const shown = overlayBuckets(overview, view)
    expect(shown.fromStep).toEqual([0, 12, 16, 21, 30])
    expect(shown.toStep).toEqual([9, 15, 20, 24, 39])
    expect(shown.count).toEqual([10, 4, 5, 4, 10])
    // An empty view leaves the overview as it is.
    expect(overlayBuckets(overview, NO_BUCKETS)).toBe(overview)
  })
})
