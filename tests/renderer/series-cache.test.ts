/**
 * The chart's series cache against a real store (`:memory:`): `metrics.seriesMany` is the
 * store's own bucketing, as the router answers it. Each expectation is worked out from the
 * points written. The store answers with between half and all of the buckets asked for (whole
 * blocks of 2^k steps), so a range is drawn point by point when it spans at most half of them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { chartSeries, SeriesCache, type SeriesFetch, type SeriesRequest } from '../../renderer/src/charts/series-cache'
import type { LineSpec } from '../../renderer/src/charts/plot-data'
import type { Segment } from '../../renderer/src/charts/x-axis'
import type { Store } from '../../electron/core/store'
import { storeWithHandRun } from '../helpers/hand-run'
import type { SeriesManyQuery } from '../../shared/schemas/metric'

const segment = (runId: number, cutStep: number | null = null): Segment => ({ runId, runName: `r${runId}`, stepOffset: 0, tokenOffset: 0, wallOffset: 0, t0: null, cutStep, anchorOffset: 0 })
const spec = (runId: number, key: string, cutStep: number | null = null): LineSpec => ({
  id: `${runId}:${key}`,
  runId,
  runName: `r${runId}`,
  key,
  label: key,
  segment: segment(runId, cutStep),
  color: '#000',
  ancestor: cutStep !== null,
})

/** Resolves at the cache's next change. */
const changed = (cache: SeriesCache) =>
  new Promise<void>((resolve) => {
    const off = cache.subscribe(() => {
      off()
      resolve()
    })
  })
/** Asks for `request` and resolves once its answer has landed. */
async function load(cache: SeriesCache, request: SeriesRequest): Promise<void> {
  const landed = changed(cache)
  cache.configure(request)
  await landed
}
const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms))

describe('series cache', () => {
  let store: Store
  let runId: number
  let queries: SeriesManyQuery[]
  let errors: { what: string; error: unknown }[]
  const fetch: SeriesFetch = (query) => {
    queries.push(query)
    return Promise.resolve(query.series.map((s) => store.series.query({ ...s, maxBuckets: query.maxBuckets ?? 1000 })))
  }
  /** Steps `from`..`to` of `key`, value 10 − step. */
  const write = (from: number, to: number, key = 'train/loss') =>
    store.metrics.append(
      runId,
      Array.from({ length: to - from + 1 }, (_, i) => ({ key, step: from + i, tokens: (from + i) * 64, wallTime: 1_000 + from + i, value: 10 - (from + i) })),
    )

  beforeEach(() => {
    const fixture = storeWithHandRun()
    store = fixture.store
    runId = fixture.runId
    queries = []
    errors = []
  })
  afterEach(() => store.close())

  const cacheOf = (seriesFetch: SeriesFetch = fetch) => new SeriesCache(seriesFetch, (what, error) => errors.push({ what, error }), 0)

  it('fetches every line of the overview in one call, and only once per key', async () => {
    write(0, 9)
    store.metrics.append(runId, [0, 5].map((step) => ({ key: 'val/loss', step, tokens: step * 64, wallTime: 1_000 + step, value: 20 - step })))
    const cache = cacheOf()
    const request: SeriesRequest = { specs: [spec(runId, 'train/loss'), spec(runId, 'val/loss')], maxBuckets: 100, zoom: null, mode: 'step' }
    expect(chartSeries(cache.getSnapshot(), request)).toMatchObject({ fetching: true, loaded: false })
    await load(cache, request)
    const series = chartSeries(cache.getSnapshot(), request)
    expect(series.fetching).toBe(false)
    expect(series.loaded).toBe(true)
    expect(series.lines[0]!.buckets.last).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])
    expect(series.lines[0]!.pointCount).toBe(10)
    expect(series.lines[1]!.buckets.last).toEqual([20, 15])
    expect(series.lines[1]!.buckets.lastStep).toEqual([0, 5])
    expect(queries).toHaveLength(1)
    expect(queries[0]!.series).toEqual([
      { runId, key: 'train/loss' },
      { runId, key: 'val/loss' },
    ])
    // The same request again (a re-render with new arrays): nothing fetched.
    cache.configure({ ...request, specs: [...request.specs] })
    await tick()
    expect(queries).toHaveLength(1)
  })

  it('draws an ancestor up to its branch step', async () => {
    write(0, 9)
    const cache = cacheOf()
    const request: SeriesRequest = { specs: [spec(runId, 'train/loss', 4)], maxBuckets: 100, zoom: null, mode: 'step' }
    await load(cache, request)
    expect(queries[0]!.series).toEqual([{ runId, key: 'train/loss', toStep: 4 }])
    const line = chartSeries(cache.getSnapshot(), request).lines[0]!
    expect(line.buckets.lastStep).toEqual([0, 1, 2, 3, 4])
    expect(line.pointCount).toBe(5)
  })

  it('fetches a zoomed range at full resolution and lays it over the overview', async () => {
    write(0, 999)
    const cache = cacheOf()
    const whole: SeriesRequest = { specs: [spec(runId, 'train/loss')], maxBuckets: 400, zoom: null, mode: 'step' }
    await load(cache, whole)
    const overview = chartSeries(cache.getSnapshot(), whole).lines[0]!.buckets
    const n = overview.count.length
    expect(n).toBeLessThanOrEqual(400)
    // Every bucket of the overview holds several of the 1,000 points.
    expect(Math.max(...overview.count)).toBeGreaterThan(1)

    const zoomed: SeriesRequest = { ...whole, zoom: { min: 400, max: 449 } }
    const landed = changed(cache)
    cache.configure(zoomed)
    expect(chartSeries(cache.getSnapshot(), zoomed).fetching).toBe(true)
    await landed
    // Widened on each side by one overview bucket: ⌈1000 / n⌉ steps.
    const pad = Math.ceil(1000 / n)
    expect(queries[1]!.series).toEqual([{ runId, key: 'train/loss', fromStep: 400 - pad, toStep: 449 + pad }])
    const series = chartSeries(cache.getSnapshot(), zoomed)
    expect(series.fetching).toBe(false)
    const b = series.lines[0]!.buckets
    const inView = b.count.filter((_, i) => b.fromStep[i]! >= 400 - pad && b.toStep[i]! <= 449 + pad)
    expect(inView).toHaveLength(50 + 2 * pad)
    expect(inView.every((c) => c === 1)).toBe(true)
    // Before and after the view, the overview's coarse buckets that lie wholly outside it.
    const from = 400 - pad
    const to = 449 + pad
    expect(b.fromStep.filter((_, i) => b.toStep[i]! < from)).toEqual(overview.fromStep.filter((_, i) => overview.toStep[i]! < from))
    expect(b.fromStep.filter((f) => f > to)).toEqual(overview.fromStep.filter((f) => f > to))
    expect(series.lines[0]!.pointCount).toBe(1000)
    // Unzoomed again: the overview alone, nothing fetched.
    cache.configure(whole)
    expect(chartSeries(cache.getSnapshot(), whole).lines[0]!.buckets).toBe(overview)
    expect(queries).toHaveLength(2)
  })

  it('fetches only the tail of a live line from its last bucket on, and merges it', async () => {
    write(0, 9)
    const cache = cacheOf()
    const request: SeriesRequest = { specs: [spec(runId, 'train/loss')], maxBuckets: 100, zoom: null, mode: 'step' }
    await load(cache, request)
    write(10, 14)
    // Another run's event, and another key's, fetch nothing.
    cache.appended({ runId: runId + 1, keys: ['train/loss'], lastStep: 14 })
    cache.appended({ runId, keys: ['val/loss'], lastStep: 14 })
    await tick()
    expect(queries).toHaveLength(1)
    const landed = changed(cache)
    cache.appended({ runId, keys: ['train/loss'], lastStep: 14 })
    await landed
    // From the last bucket (step 9) on, in as many buckets as steps 9..14 need, plus one.
    expect(queries[1]).toEqual({ series: [{ runId, key: 'train/loss', fromStep: 9 }], maxBuckets: 7 })
    const line = chartSeries(cache.getSnapshot(), request).lines[0]!
    expect(line.buckets.last).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4])
    expect(line.pointCount).toBe(15)
  })

  it('fetches a merged overview whole again once it holds 1.6 times the buckets asked for', async () => {
    write(0, 9)
    const cache = cacheOf()
    const request: SeriesRequest = { specs: [spec(runId, 'train/loss')], maxBuckets: 20, zoom: null, mode: 'step' }
    await load(cache, request)
    expect(chartSeries(cache.getSnapshot(), request).lines[0]!.buckets.count).toHaveLength(10)
    write(10, 99)
    const landed = changed(cache)
    cache.appended({ runId, keys: ['train/loss'], lastStep: 99 })
    await landed
    // The tail, steps 9..99 in 92 buckets asked, comes back in at least 46: with the 9 kept
    // that is over 32 (1.6 × 20), so the whole line is fetched again at 20 buckets.
    expect(queries.map((q) => [q.series[0]!.fromStep, q.maxBuckets])).toEqual([
      [undefined, 20],
      [9, 92],
      [undefined, 20],
    ])
    const line = chartSeries(cache.getSnapshot(), request).lines[0]!
    expect(line.buckets.count.length).toBeLessThanOrEqual(20)
    expect(line.buckets.count.reduce((a, c) => a + c, 0)).toBe(100)
    expect(line.buckets.last.at(-1)).toBe(-89)
    expect(line.pointCount).toBe(100)
  })

  it('says what failed and draws the line empty', async () => {
    const cache = cacheOf(() => Promise.reject(new Error('socket closed')))
    const request: SeriesRequest = { specs: [spec(runId, 'train/loss')], maxBuckets: 100, zoom: null, mode: 'step' }
    await load(cache, request)
    expect(errors.map((e) => e.what)).toEqual([`load train/loss of run #${runId}`])
    expect(chartSeries(cache.getSnapshot(), request)).toMatchObject({ loaded: true, fetching: false })
    expect(chartSeries(cache.getSnapshot(), request).lines[0]!.buckets.count).toEqual([])
  })

  it('drops the answer to a request that was replaced before it landed', async () => {
    write(0, 9)
    const held: (() => void)[] = []
    // Answers wait until released, so the older one can land last.
    const slow: SeriesFetch = (query) => new Promise((resolve) => held.push(() => void fetch(query).then(resolve)))
    const cache = cacheOf(slow)
    const narrow: SeriesRequest = { specs: [spec(runId, 'train/loss')], maxBuckets: 4, zoom: null, mode: 'step' }
    const wide: SeriesRequest = { ...narrow, maxBuckets: 100 }
    cache.configure(narrow)
    cache.configure(wide)
    expect(held).toHaveLength(2)
    const landed = changed(cache)
    held[1]!()
    await landed
    held[0]!()
    await tick()
    expect(cache.getSnapshot().overviews.key.endsWith('#100')).toBe(true)
    expect(chartSeries(cache.getSnapshot(), wide).lines[0]!.buckets.count).toHaveLength(10)
    expect(chartSeries(cache.getSnapshot(), wide).fetching).toBe(false)
  })
})
