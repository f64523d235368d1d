/**
 * Buckets → the arrays uPlot draws. Each line contributes its `last` series, the min and max
 * edges of its band, and, when smoothing is on, the debiased EMA of `last`. Lines with
 * different x (train loss every step, validation every 100) are joined on one x array;
 * holes are spanned.
 */
import uPlot from 'uplot'
import type { SeriesBuckets } from '../../../shared/schemas/metric'
import { pickBuckets } from './buckets'
import { debiasedEma } from './ema'
import { bucketXs, type Segment, type XMode } from './x-axis'

export interface LineSpec {
  /** Stable across refetches: run, key and role. */
  id: string
  runId: number
  runName: string
  key: string
  label: string
  segment: Segment
  color: string
  /** A parent's curve joined before the branch point: dashed. */
  ancestor: boolean
}

export interface Line extends LineSpec {
  buckets: SeriesBuckets
  pointCount: number
}

/** What is drawn of one line; `buckets` are the ones drawn, point i of each array is bucket i. */
export interface LineArrays {
  x: number[]
  last: number[]
  min: number[]
  max: number[]
  smoothed: (number | null)[] | null
  buckets: SeriesBuckets
}

export type SeriesRole = 'last' | 'min' | 'max' | 'smoothed'

export interface PlotData {
  data: uPlot.AlignedData
  /** For uPlot series 1…n: which line and which role. */
  roles: { line: number; role: SeriesRole }[]
  arrays: LineArrays[]
}

/** A line's arrays for uPlot: the bucket columns as they came, x placed on the axis. */
export function lineArrays(line: Line, mode: XMode, smoothing: number | null): LineArrays {
  let b = line.buckets
  let x = bucketXs(b, line.segment, mode)
  let sorted = true
  for (let i = 1; i < x.length && sorted; i++) if (x[i]! <= x[i - 1]!) sorted = false
  if (!sorted) {
    // A clock that stepped back would break the join: keep the first of equal x, in order.
    const order = x.map((_, i) => i).sort((p, q) => x[p]! - x[q]! || p - q)
    const keep = order.filter((i, k) => k === 0 || x[i]! !== x[order[k - 1]!]!)
    b = pickBuckets(b, keep)
    x = keep.map((i) => x[i]!)
  }
  return { x, last: b.last, min: b.min, max: b.max, smoothed: smoothing === null ? null : debiasedEma(b.last, smoothing), buckets: b }
}

export function buildPlotData(lines: readonly Line[], mode: XMode, smoothing: number | null): PlotData {
  const arrays = lines.map((line) => lineArrays(line, mode, smoothing))
  const roles: PlotData['roles'] = []
  const tables: uPlot.AlignedData[] = []
  arrays.forEach((a, line) => {
    const cols: (number | null)[][] = [a.last, a.min, a.max]
    roles.push({ line, role: 'last' }, { line, role: 'min' }, { line, role: 'max' })
    if (a.smoothed) {
      cols.push(a.smoothed)
      roles.push({ line, role: 'smoothed' })
    }
    tables.push([a.x, ...cols] as uPlot.AlignedData)
  })
  let data: uPlot.AlignedData
  if (tables.length === 0) data = [[]]
  else if (tables.length === 1) data = tables[0]!
  else data = uPlot.join(tables)
  return { data, roles, arrays }
}

/** The index of the x nearest to `x` in a sorted array, or -1 when empty. */
export function nearestIndex(xs: readonly number[], x: number): number {
  const n = xs.length
  if (n === 0) return -1
  let lo = 0
  let hi = n - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (xs[mid]! <= x) lo = mid
    else hi = mid
  }
  return Math.abs(xs[hi]! - x) < Math.abs(xs[lo]! - x) ? hi : lo
}
