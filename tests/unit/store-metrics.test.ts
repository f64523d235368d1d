import { beforeEach, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { type Store } from '../../electron/core/store'
import type { MetricPoint, Series } from '../../shared'
import { handRun, storeWithHandRun } from '../helpers/hand-run'

const point = (step: number, value: number, key = 'train/loss'): MetricPoint => ({ key, step, tokens: step * 100, wallTime: 1_000 + step, value })

/** The truth a bucket must match: every point whose step lies in its range. */
function truth(points: Map<number, number>, from: number, to: number) {
  const inRange = [...points.entries()].filter(([s]) => s >= from && s <= to).sort((a, b) => a[0] - b[0])
  const values = inRange.map(([, v]) => v)
  return { count: values.length, min: Math.min(...values), max: Math.max(...values), last: values.at(-1), lastStep: inRange.at(-1)?.[0] }
}

/** A columnar series as one object per bucket, for assertions. */
function bucketRows(series: Series) {
  const c = series.buckets
  return c.count.map((count, i) => ({
    fromStep: c.fromStep[i]!,
    toStep: c.toStep[i]!,
    count,
    min: c.min[i]!,
    max: c.max[i]!,
    last: c.last[i]!,
    lastStep: c.lastStep[i]!,
    lastTokens: c.lastTokens[i]!,
    lastWallTime: c.lastWallTime[i]!,
  }))
}

describe('metric store', () => {
  let store: Store
  let runId: number
  beforeEach(() => void ({ store, runId } = storeWithHandRun()))

  it('upserts idempotently: rewriting steps replaces points instead of duplicating them', () => {
    store.metrics.append(runId, [0, 1, 2, 3, 4].map((s) => point(s, 10 - s)))
    // A resumed job rewrites steps 3 and 4 with new values, then carries on.
    store.metrics.append(runId, [point(3, 100), point(4, -5), point(5, 1)])
    store.metrics.append(runId, [point(3, 100), point(4, -5), point(5, 1)])
    const rows = store.db.prepare('SELECT step, value FROM metrics ORDER BY step').all()
    expect(rows).toEqual([
      { step: 0, value: 10 },
      { step: 1, value: 9 },
      { step: 2, value: 8 },
      { step: 3, value: 100 },
      { step: 4, value: -5 },
      { step: 5, value: 1 },
    ])
    const [bucket] = bucketRows(store.series.query({ runId, key: 'train/loss', maxBuckets: 1 }))
    expect(bucket).toMatchObject({ fromStep: 0, toStep: 5, count: 6, min: -5, max: 100, last: 1, lastStep: 5, lastTokens: 500 })
  })

  it('keeps the last of two points for the same step within one batch', () => {
    store.metrics.append(runId, [point(1, 1), point(0, 0), point(1, 2)])
    expect(store.db.prepare('SELECT step, value FROM metrics ORDER BY step').all()).toEqual([
      { step: 0, value: 0 },
      { step: 1, value: 2 },
    ])
  })

  it('writes a batch in one transaction: a failing batch leaves nothing behind', () => {
    const bad = [point(0, 1), { ...point(1, 2), tokens: -1 }]
    expect(() => store.metrics.append(runId, bad)).toThrow(/CHECK constraint failed/)
    expect(store.db.prepare('SELECT count(*) AS n FROM metrics').get()).toEqual({ n: 0 })
    expect(store.db.prepare('SELECT count(*) AS n FROM metric_blocks').get()).toEqual({ n: 0 })
  })

  it('returns an empty series for an unknown key and for a range with no points', () => {
    const none = { fromStep: [], toStep: [], count: [], min: [], max: [], last: [], lastStep: [], lastTokens: [], lastWallTime: [] }
    expect(store.series.query({ runId, key: 'nope', maxBuckets: 5 })).toEqual({ runId, key: 'nope', pointCount: 0, buckets: none })
    store.metrics.append(runId, [point(10, 1)])
    expect(store.series.query({ runId, key: 'train/loss', fromStep: 11, maxBuckets: 5 }).buckets).toEqual(none)
  })

  it('downsamples a long series so every bucket holds its true min, max, count and last point', () => {
    const values = new Map<number, number>()
    const points: MetricPoint[] = []
    for (let s = 0; s < 200_000; s++) {
      const v = Math.sin(s / 1000) + (s === 123_457 ? 50 : 0) - (s === 77_001 ? 50 : 0)
      values.set(s, v)
      points.push(point(s, v))
    }
    for (let i = 0; i < points.length; i += 10_000) store.metrics.append(runId, points.slice(i, i + 10_000))
    const series = store.series.query({ runId, key: 'train/loss', maxBuckets: 500 })
    const buckets = bucketRows(series)
    expect(buckets.length).toBeLessThanOrEqual(500)
    expect(buckets.length).toBeGreaterThan(250)
    expect(series.pointCount).toBe(200_000)
    expect(Math.max(...series.buckets.max)).toBeCloseTo(50 + Math.sin(123.457), 12)
    expect(Math.min(...series.buckets.min)).toBeCloseTo(-50 + Math.sin(77.001), 12)
    for (const b of buckets.filter((_, i) => i % 37 === 0)) expect(b).toMatchObject(truth(values, b.fromStep, b.toStep))

    // A chart asks for about one bucket per pixel: it gets between half that and that many.
    for (const maxBuckets of [2, 100, 999, 1200, 1400, 5000])
      for (const [fromStep, toStep] of [[0, 199_999], [60_000, 80_000], [49_000, 70_000], [50_000, 52_000], [100_000, 100_500], [123, 456]] as const) {
        const n = store.series.query({ runId, key: 'train/loss', fromStep, toStep, maxBuckets }).buckets.count.length
        expect(n, `${maxBuckets} buckets over ${fromStep}–${toStep}`).toBeLessThanOrEqual(maxBuckets)
        expect(n, `${maxBuckets} buckets over ${fromStep}–${toStep}`).toBeGreaterThanOrEqual(Math.min(toStep - fromStep + 1, Math.floor(maxBuckets / 2)))
      }
  })

  // SQLite stores -0 as 0, a difference no chart can show.
  const value = fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v))

  it('property: buckets are disjoint, ordered, cover every point, never exceed N, and carry true extremes', () => {
    fc.assert(
      fc.property(
        // Dense short series reach the fine levels; sparse long ones the coarse levels.
        fc.constantFrom(2_000, 20_000, 300_000).chain((top) => {
          const step = fc.integer({ min: 0, max: top })
          return fc.tuple(
            fc.array(fc.tuple(step, value), { minLength: 1, maxLength: 400 }),
            fc.array(fc.tuple(step, value), { maxLength: 100 }),
            fc.integer({ min: 1, max: 60 }),
            fc.option(fc.tuple(step, step), { nil: undefined }),
          )
        }),
        ([first, rewrite, maxBuckets, range]) => {
          // A run of its own in the test's store: as isolated as a fresh store, without
          // running the 11 migrations 300 times (14-18 ms an open, 5 s in all).
          const s = store
          const id = handRun(s, { name: 'p' }).id
          const values = new Map<number, number>()
          // Two batches: a second one that may rewrite earlier steps, as a resumed job does.
          for (const batch of [first, rewrite]) {
            if (batch.length === 0) continue
            s.metrics.append(id, batch.map(([step, v]) => point(step, v)))
            for (const [step, v] of batch) values.set(step, v)
          }
          const [a, b] = range ? [Math.min(...range), Math.max(...range)] : [0, Number.MAX_SAFE_INTEGER]
          const series = s.series.query({ runId: id, key: 'train/loss', fromStep: range ? a : undefined, toStep: range ? b : undefined, maxBuckets })
          const expected = [...values.keys()].filter((k) => k >= a && k <= b).length
          expect(series.pointCount).toBe(expected)
          const buckets = bucketRows(series)
          expect(buckets.length).toBeLessThanOrEqual(maxBuckets)
          let previousTo = -1
          for (const bucket of buckets) {
            expect(bucket.fromStep).toBeGreaterThan(previousTo)
            expect(bucket.toStep).toBeGreaterThanOrEqual(bucket.fromStep)
            previousTo = bucket.toStep
            expect(bucket).toMatchObject(truth(values, bucket.fromStep, bucket.toStep))
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
