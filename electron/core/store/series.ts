/**
 * Downsampled reads of a metric series: at most N buckets over any step range, each with the
 * true min, max, count and last point of the steps it covers, so a chart never hides a spike
 * or a dip. Bucket edges are multiples of a width that is itself a multiple of a block width
 * (at most four blocks to a bucket), so whole blocks fall inside buckets; only the two ends of
 * the range read finer levels.
 */
import type { Series, SeriesBucket } from '../../../shared'
import type { Db } from './database'
import { BLOCK_LEVELS, blockWidth, mergeInto, type Aggregate } from './metric-blocks'

export interface SeriesRequest {
  runId: number
  key: string
  fromStep?: number | undefined
  toStep?: number | undefined
  maxBuckets: number
}

interface BlockRow {
  block: number
  count: number
  min: number
  max: number
  last_step: number
  last_value: number
  last_tokens: number
  last_wall_time: number
}

interface BucketRow extends Omit<BlockRow, 'block'> {
  bucket: number
}

/** The next finer block level below `level`, or 0 for the points themselves. */
function finer(level: number): number {
  const i = BLOCK_LEVELS.indexOf(level as (typeof BLOCK_LEVELS)[number])
  return i > 0 ? BLOCK_LEVELS[i - 1]! : 0
}

interface PointRow {
  step: number
  value: number
  tokens: number
  wall_time: number
}

const fromBlock = (r: BlockRow): Aggregate => ({
  count: r.count,
  min: r.min,
  max: r.max,
  lastStep: r.last_step,
  last: r.last_value,
  lastTokens: r.last_tokens,
  lastWallTime: r.last_wall_time,
})

export function seriesRepo(db: Db) {
  const seriesId = db.prepare<[number, string], { id: number }>(
    'SELECT id FROM metric_series WHERE run_id = ? AND key = ?',
  )
  const firstStep = db.prepare<[number], { step: number }>('SELECT step FROM metrics WHERE series_id = ? ORDER BY step LIMIT 1')
  const lastStep = db.prepare<[number], { step: number }>('SELECT step FROM metrics WHERE series_id = ? ORDER BY step DESC LIMIT 1')
  const points = db.prepare<[number, number, number], PointRow>(
    'SELECT step, value, tokens, wall_time FROM metrics WHERE series_id = ? AND step BETWEEN ? AND ? ORDER BY step',
  )
  const blocks = db.prepare<[number, number, number, number], BlockRow>(
    `SELECT block, count, min, max, last_step, last_value, last_tokens, last_wall_time FROM metric_blocks
     WHERE series_id = ? AND level = ? AND block BETWEEN ? AND ? ORDER BY block`,
  )

  // Whole blocks grouped into buckets inside SQLite: sums and extremes per bucket, then the
  // block holding each bucket's last step supplies its last point.
  const bucketsFromBlocks = db.prepare<{ series: number; level: number; first: number; last: number; bw: number; w: number }, BucketRow>(
    `SELECT g.bucket, g.count, g.min, g.max, b.last_step, b.last_value, b.last_tokens, b.last_wall_time
     FROM (SELECT CAST((block * @bw) / @w AS INTEGER) AS bucket, sum(count) AS count, min(min) AS min, max(max) AS max, max(last_step) AS last_step
           FROM metric_blocks WHERE series_id = @series AND level = @level AND block BETWEEN @first AND @last
           GROUP BY bucket) g
     JOIN metric_blocks b ON b.series_id = @series AND b.level = @level AND b.block = CAST(g.last_step / @bw AS INTEGER)
     ORDER BY g.bucket`,
  )

  /** Everything in [a, b] merged into one aggregate, from blocks of at most `level`. */
  function aggregate(series: number, a: number, b: number, level: number): Aggregate | undefined {
    if (a > b) return undefined
    if (level === 0) {
      let agg: Aggregate | undefined
      for (const p of points.iterate(series, a, b))
        agg = mergeInto(agg, { count: 1, min: p.value, max: p.value, lastStep: p.step, last: p.value, lastTokens: p.tokens, lastWallTime: p.wall_time })
      return agg
    }
    const width = blockWidth(level)
    const first = Math.ceil(a / width)
    const last = Math.floor((b + 1) / width) - 1
    if (first > last) return aggregate(series, a, b, finer(level))
    let agg = aggregate(series, a, first * width - 1, finer(level))
    for (const row of blocks.iterate(series, level, first, last)) agg = mergeInto(agg, fromBlock(row))
    const right = aggregate(series, (last + 1) * width, b, finer(level))
    return right ? mergeInto(agg, right) : agg
  }

  return {
    query(req: SeriesRequest): Series {
      const empty: Series = { runId: req.runId, key: req.key, pointCount: 0, buckets: [] }
      const series = seriesId.get(req.runId, req.key)?.id
      if (series === undefined) return empty
      const lo = Math.max(req.fromStep ?? 0, firstStep.get(series)?.step ?? 0)
      const hi = Math.min(req.toStep ?? Number.MAX_SAFE_INTEGER, lastStep.get(series)?.step ?? -1)
      if (lo > hi) return empty

      const n = req.maxBuckets
      const span = hi - lo + 1
      // With edges at multiples of w, [lo, hi] meets at most floor((span-1)/w) + 2 buckets;
      // w = ceil(span / (n-1)) keeps that at n or fewer.
      let width = n === 1 ? Number.POSITIVE_INFINITY : Math.ceil(span / (n - 1))
      // The coarsest block level that fits in a bucket. Narrower than the finest block, buckets
      // are made of points, up to 8 each; from 8 steps on, a 16-step block serves instead (at
      // least half the buckets asked for, as rounding up to whole blocks gives at worst anyway).
      const finest = BLOCK_LEVELS[0]
      const level = [...BLOCK_LEVELS].reverse().find((l) => blockWidth(l) <= width) ?? (width * 2 >= blockWidth(finest) ? finest : 0)
      if (level > 0 && Number.isFinite(width)) width = Math.ceil(width / blockWidth(level)) * blockWidth(level)

      const buckets = new Map<number, Aggregate>()
      const bucketOf = (step: number) => (Number.isFinite(width) ? Math.floor(step / width) : 0)
      const add = (bucket: number, agg: Aggregate | undefined) => {
        if (agg) buckets.set(bucket, mergeInto(buckets.get(bucket), agg))
      }

      if (level === 0) {
        for (const p of points.iterate(series, lo, hi))
          add(bucketOf(p.step), { count: 1, min: p.value, max: p.value, lastStep: p.step, last: p.value, lastTokens: p.tokens, lastWallTime: p.wall_time })
      } else {
        const bw = blockWidth(level)
        const first = Math.ceil(lo / bw)
        const last = Math.floor((hi + 1) / bw) - 1
        if (first > last) {
          // Less than one whole block: split at the block edge, which may be a bucket edge.
          const edge = first * bw
          add(bucketOf(lo), aggregate(series, lo, Math.min(hi, edge - 1), finer(level)))
          if (edge <= hi) add(bucketOf(hi), aggregate(series, edge, hi, finer(level)))
        } else {
          add(bucketOf(lo), aggregate(series, lo, first * bw - 1, finer(level)))
          if (Number.isFinite(width)) {
            for (const row of bucketsFromBlocks.all({ series, level, first, last, bw, w: width })) add(row.bucket, fromBlock({ ...row, block: 0 }))
          } else {
            add(0, aggregate(series, first * bw, (last + 1) * bw - 1, level))
          }
          add(bucketOf(hi), aggregate(series, (last + 1) * bw, hi, finer(level)))
        }
      }

      const out: SeriesBucket[] = []
      let pointCount = 0
      for (const [bucket, agg] of [...buckets.entries()].sort((x, y) => x[0] - y[0])) {
        pointCount += agg.count
        out.push({
          fromStep: Number.isFinite(width) ? Math.max(lo, bucket * width) : lo,
          toStep: Number.isFinite(width) ? Math.min(hi, (bucket + 1) * width - 1) : hi,
          count: agg.count,
          min: agg.min,
          max: agg.max,
          last: agg.last,
          lastStep: agg.lastStep,
          lastTokens: agg.lastTokens,
          lastWallTime: agg.lastWallTime,
        })
      }
      return { runId: req.runId, key: req.key, pointCount, buckets: out }
    },
  }
}
