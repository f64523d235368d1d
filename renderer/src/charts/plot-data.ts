/**
 * Buckets → the arrays uPlot draws. Each line contributes its `last` series, the min and max
 * edges of its band, and, when smoothing is on, the debiased EMA of `last`. Lines with
 * different x (train loss every step, validation every 100) are joined on one x array;
 * holes are spanned.
 */
import uPlot from 'uplot'
import type { SeriesBucket } from '../../../shared/schemas/metric'
import { debiasedEma } from './ema'
import { bucketX, type Segment, type XMode } from './x-axis'

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
  buckets: readonly SeriesBucket[]
  pointCount: number
}

export interface LineArrays {
  x: number[]
  last: number[]
  min: number[]
  max: number[]
  smoothed: (number | null)[] | null
}

export type SeriesRole = 'last' | 'min' | 'max' | 'smoothed'

export interface PlotData {
  data: uPlot.AlignedData
  /** For uPlot series 1…n: which line and which role. */
  roles: { line: number; role: SeriesRole }[]
  arrays: LineArrays[]
}

export function lineArrays(line: Line, mode: XMode, smoothing: number | null): LineArrays {
  const n = line.buckets.length
  const x = new Array<number>(n)
  const last = new Array<number>(n)
  const min = new Array<number>(n)
  const max = new Array<number>(n)
  let sorted = true
  for (let i = 0; i < n; i++) {
    const b = line.buckets[i]!
    x[i] = bucketX(b, line.segment, mode)
    last[i] = b.last
    min[i] = b.min
    max[i] = b.max
    if (i > 0 && x[i]! <= x[i - 1]!) sorted = false
  }
  if (!sorted) {
    // A clock that stepped back would break the join: keep the first of equal x, in order.
    const order = x.map((_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b)
    const keep = order.filter((i, k) => k === 0 || x[i]! !== x[order[k - 1]!]!)
    return lineArrays({ ...line, buckets: keep.map((i) => line.buckets[i]!) }, mode, smoothing)
  }
  return { x, last, min, max, smoothed: smoothing === null ? null : debiasedEma(last, smoothing) }
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
