/**
 * Downsampled reads of a metric series: at most N buckets over any step range, each with the
 * true min, max, count and last point of the steps it covers, so a chart never hides a spike
 * or a dip. Bucket edges are multiples of a width that is itself a multiple of a block width
 * (at most four blocks to a bucket), so whole blocks fall inside buckets; only the two ends of
 * the range read finer levels. The result is columnar: one array per field, in step order.
 */
import type { Series } from '../../../shared'
import type { Db } from './database'
import { BLOCK_LEVELS, blockWidth, mergeInto, type Aggregate } from './metric-blocks'

export interface SeriesRequest {
  runId: number
  key: string
  fromStep?: number | undefined
  toStep?: number | undefined
  maxBuckets: number
}

/** block, count, min, max, last_step, last_value, last_tokens, last_wall_time */
type BlockRow = [number, number, number, number, number, number, number, number]
/** step, value, tokens, wall_time */
type PointRow = [number, number, number, number]

/** The next finer block level below `level`, or 0 for the points themselves. */
function finer(level: number): number {
  const i = BLOCK_LEVELS.indexOf(level as (typeof BLOCK_LEVELS)[number])
  return i > 0 ? BLOCK_LEVELS[i - 1]! : 0
}

function emptySeries(runId: number, key: string): Series {
  return { runId, key, pointCount: 0, buckets: { fromStep: [], toStep: [], count: [], min: [], max: [], last: [], lastStep: [], lastTokens: [], lastWallTime: [] } }
}

export function seriesRepo(db: Db) {
  const seriesId = db.prepare<[number, string], { id: number }>('SELECT id FROM metric_series WHERE run_id = ? AND key = ?')
  const firstStep = db.prepare<[number], { step: number }>('SELECT step FROM metrics WHERE series_id = ? ORDER BY step LIMIT 1')
  const lastStep = db.prepare<[number], { step: number }>('SELECT step FROM metrics WHERE series_id = ? ORDER BY step DESC LIMIT 1')
  const points = db
    .prepare<[number, number, number], PointRow>('SELECT step, value, tokens, wall_time FROM metrics WHERE series_id = ? AND step BETWEEN ? AND ? ORDER BY step')
    .raw()
  const blocks = db
    .prepare<[number, number, number, number], BlockRow>(
      `SELECT block, count, min, max, last_step, last_value, last_tokens, last_wall_time FROM metric_blocks
       WHERE series_id = ? AND level = ? AND block BETWEEN ? AND ? ORDER BY block`,
    )
    .raw()

  /** Everything in [a, b] merged into one aggregate, from blocks of at most `level`. */
  function aggregate(series: number, a: number, b: number, level: number): Aggregate | undefined {
    if (a > b) return undefined
    if (level === 0) {
      let agg: Aggregate | undefined
      for (const [step, value, tokens, wallTime] of points.all(series, a, b))
        agg = mergeInto(agg, { count: 1, min: value, max: value, lastStep: step, last: value, lastTokens: tokens, lastWallTime: wallTime })
      return agg
    }
    const width = blockWidth(level)
    const first = Math.ceil(a / width)
    const last = Math.floor((b + 1) / width) - 1
    if (first > last) return aggregate(series, a, b, finer(level))
    let agg = aggregate(series, a, first * width - 1, finer(level))
    for (const r of blocks.all(series, level, first, last))
      agg = mergeInto(agg, { count: r[1], min: r[2], max: r[3], lastStep: r[4], last: r[5], lastTokens: r[6], lastWallTime: r[7] })
    const right = aggregate(series, (last + 1) * width, b, finer(level))
    return right ? mergeInto(agg, right) : agg
  }

  return {
    query(req: SeriesRequest): Series {
      const out = emptySeries(req.runId, req.key)
      const series = seriesId.get(req.runId, req.key)?.id
      if (series === undefined) return out
      const lo = Math.max(req.fromStep ?? 0, firstStep.get(series)?.step ?? 0)
      const hi = Math.min(req.toStep ?? Number.MAX_SAFE_INTEGER, lastStep.get(series)?.step ?? -1)
      if (lo > hi) return out

      const n = req.maxBuckets
      const span = hi - lo + 1
      const c = out.buckets
      let pointCount = 0
      // Buckets arrive in step order; one still open is extended until the next begins.
      let open = -1
      const add = (bucket: number, count: number, min: number, max: number, step: number, last: number, tokens: number, wallTime: number) => {
        pointCount += count
        if (bucket === open) {
          const i = c.count.length - 1
          c.count[i]! += count
          if (min < c.min[i]!) c.min[i] = min
          if (max > c.max[i]!) c.max[i] = max
          c.lastStep[i] = step
          c.last[i] = last
          c.lastTokens[i] = tokens
          c.lastWallTime[i] = wallTime
          return
        }
        open = bucket
        c.fromStep.push(bucket)
        c.toStep.push(bucket)
        c.count.push(count)
        c.min.push(min)
        c.max.push(max)
        c.lastStep.push(step)
        c.last.push(last)
        c.lastTokens.push(tokens)
        c.lastWallTime.push(wallTime)
      }
      const addAgg = (bucket: number, a: Aggregate | undefined) => {
        if (a) add(bucket, a.count, a.min, a.max, a.lastStep, a.last, a.lastTokens, a.lastWallTime)
      }

      if (n === 1) {
        const top = BLOCK_LEVELS[BLOCK_LEVELS.length - 1]!
        addAgg(0, aggregate(series, lo, hi, top))
        if (c.count.length > 0) {
          c.fromStep[0] = lo
          c.toStep[0] = hi
        }
        return { ...out, pointCount }
      }

      // With edges at multiples of w, [lo, hi] meets at most floor((span-1)/w) + 2 buckets;
      // w = ceil(span / (n-1)) keeps that at n or fewer.
      let width = Math.ceil(span / (n - 1))
      // The coarsest block level that fits in a bucket. Narrower than the finest block, buckets
      // are made of points, up to 8 each; from 8 steps on, a 16-step block serves instead (at
      // least half the buckets asked for, as rounding up to whole blocks gives at worst anyway).
      const finest = BLOCK_LEVELS[0]
      const level = [...BLOCK_LEVELS].reverse().find((l) => blockWidth(l) <= width) ?? (width * 2 >= blockWidth(finest) ? finest : 0)
      if (level > 0) width = Math.ceil(width / blockWidth(level)) * blockWidth(level)
      const bucketOf = (step: number) => Math.floor(step / width)

      if (level === 0) {
        for (const [step, value, tokens, wallTime] of points.all(series, lo, hi)) add(bucketOf(step), 1, value, value, step, value, tokens, wallTime)
      } else {
        const bw = blockWidth(level)
        const first = Math.ceil(lo / bw)
        const last = Math.floor((hi + 1) / bw) - 1
        if (first > last) {
          // Less than one whole block: split at the block edge, which may be a bucket edge.
          const edge = first * bw
          addAgg(bucketOf(lo), aggregate(series, lo, Math.min(hi, edge - 1), finer(level)))
          if (edge <= hi) addAgg(bucketOf(hi), aggregate(series, edge, hi, finer(level)))
        } else {
          addAgg(bucketOf(lo), aggregate(series, lo, first * bw - 1, finer(level)))
          for (const r of blocks.all(series, level, first, last)) add(bucketOf(r[0] * bw), r[1], r[2], r[3], r[4], r[5], r[6], r[7])
          addAgg(bucketOf(hi), aggregate(series, (last + 1) * bw, hi, finer(level)))
        }
      }
      // Bucket numbers become their step ranges, clipped to the query.
      for (let i = 0; i < c.fromStep.length; i++) {
        const bucket = c.fromStep[i]!
        c.fromStep[i] = Math.max(lo, bucket * width)
        c.toStep[i] = Math.min(hi, (bucket + 1) * width - 1)
      }
      return { ...out, pointCount }
    },
  }
}
