/**
 * The x axes a curve can be drawn against, and the arithmetic that places a bucket on them.
 * A run that branched from a checkpoint is a segment of a lineage: its steps, tokens and
 * training time continue the model's history, offset by what its ancestors did up to each
 * branch point. "Since branch" counts the chart's own run's steps from its branch point, so
 * a parent's curve joined to it sits at negative x.
 */
import type { SeriesBuckets } from '../../../shared/schemas/metric'
import { formatCount, formatInteger } from '../format/numbers'

export type XMode = 'step' | 'tokens' | 'wall' | 'branch'

export const X_MODE_LABELS: Record<XMode, string> = {
  step: 'Step',
  tokens: 'Tokens seen',
  wall: 'Wall time',
  branch: 'Steps since branch',
}

/** A vertical line: at a step of one run (placed through its buckets), or at given x per axis. */
export interface MarkerSpec {
  label: string
  kind: 'branch' | 'schedule'
  runId: number
  step?: number
  at?: Partial<Record<XMode, number>>
}

export interface Segment {
  runId: number
  runName: string
  /** The model's steps, tokens and training seconds before this run's first step. */
  stepOffset: number
  tokenOffset: number
  wallOffset: number
  /** Wall time (ms) of this run's first point; null before it has one. */
  t0: number | null
  /** An ancestor is drawn up to its branch step; the run itself to its end (null). */
  cutStep: number | null
  /** The step offset of the run the chart is about: "since branch" is measured from it. */
  anchorOffset: number
}

/** Where bucket i's last point lies on the axis. Wall time is in seconds of training. */
function bucketX(b: SeriesBuckets, i: number, seg: Segment, mode: XMode): number {
  switch (mode) {
    case 'step':
      return seg.stepOffset + b.lastStep[i]!
    case 'branch':
      return seg.stepOffset + b.lastStep[i]! - seg.anchorOffset
    case 'tokens':
      return seg.tokenOffset + b.lastTokens[i]!
    case 'wall':
      return seg.wallOffset + (seg.t0 === null ? 0 : (b.lastWallTime[i]! - seg.t0) / 1000)
  }
}

/** Where every bucket's last point lies on the axis. */
export function bucketXs(b: SeriesBuckets, seg: Segment, mode: XMode): number[] {
  const n = b.lastStep.length
  const x = new Array<number>(n)
  for (let i = 0; i < n; i++) x[i] = bucketX(b, i, seg, mode)
  return x
}

function interpolate(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number): number {
  const n = xs.length
  if (n === 0) return x
  if (x <= xs[0]!) return ys[0]!
  if (x >= xs[n - 1]!) return ys[n - 1]!
  let lo = 0
  let hi = n - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (xs[mid]! <= x) lo = mid
    else hi = mid
  }
  const x0 = xs[lo]!
  const x1 = xs[hi]!
  return x1 === x0 ? ys[lo]! : ys[lo]! + ((ys[hi]! - ys[lo]!) * (x - x0)) / (x1 - x0)
}

/**
 * The step range of a segment that an x range covers, read off buckets already loaded (the
 * full-range overview), widened by one overview bucket so lines run to the plot's edges.
 * Null when the range misses the segment.
 */
export function stepRangeFor(seg: Segment, mode: XMode, overview: SeriesBuckets, xMin: number, xMax: number): { fromStep: number; toStep: number } | null {
  const n = overview.count.length
  if (n === 0) return null
  const first = overview.fromStep[0]!
  const last = overview.toStep[n - 1]!
  let a: number
  let b: number
  if (mode === 'step' || mode === 'branch') {
    const shift = seg.stepOffset - (mode === 'branch' ? seg.anchorOffset : 0)
    a = xMin - shift
    b = xMax - shift
  } else {
    const xs = bucketXs(overview, seg, mode)
    if (xMax < xs[0]! || xMin > xs[n - 1]!) return null
    a = xMin <= xs[0]! ? first : interpolate(xs, overview.lastStep, xMin)
    b = interpolate(xs, overview.lastStep, xMax)
  }
  const pad = Math.max(1, Math.ceil((last - first + 1) / n))
  const fromStep = Math.max(first, Math.floor(a) - pad)
  const toStep = Math.min(last, Math.ceil(b) + pad)
  if (fromStep > toStep) return null
  return { fromStep: Math.max(0, fromStep), toStep: Math.max(0, toStep) }
}

/** Where a step of a segment lies on the axis, interpolated from loaded buckets for tokens and time. */
export function stepToX(seg: Segment, mode: XMode, step: number, overview: SeriesBuckets): number | null {
  if (mode === 'step') return seg.stepOffset + step
  if (mode === 'branch') return seg.stepOffset + step - seg.anchorOffset
  const steps = overview.lastStep
  if (steps.length === 0) return null
  if (step < steps[0]! - 1 || step > steps[steps.length - 1]! + 1) return null
  return interpolate(steps, bucketXs(overview, seg, mode), step)
}

/** "1 h 05 min", "3 min 20 s", "45 s" for relative training time. */
export function formatElapsed(seconds: number, precise = false): string {
  const sign = seconds < 0 ? '−' : ''
  let s = Math.abs(seconds)
  if (!precise) s = Math.round(s)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  const secText = precise && s < 60 ? sec.toFixed(sec < 10 ? 2 : 1) : String(Math.round(sec))
  if (h > 0) return `${sign}${h} h ${String(m).padStart(2, '0')} min`
  if (m > 0) return `${sign}${m} min ${String(Math.round(sec)).padStart(2, '0')} s`
  return `${sign}${secText} s`
}

/** Tick labels: short. */
export function formatXTick(mode: XMode, value: number): string {
  if (mode === 'wall') return formatElapsed(value)
  if (mode === 'tokens') return formatCount(value)
  if (Math.abs(value) >= 100_000) return formatCount(value)
  return formatInteger(value)
}

/** Tick labels of one axis in one style: all compact once any reaches 100,000. */
export function formatXTicks(mode: XMode, values: readonly number[]): string[] {
  if (mode === 'wall' || mode === 'tokens') return values.map((v) => formatXTick(mode, v))
  const compact = values.some((v) => Math.abs(v) >= 100_000)
  return values.map((v) => (compact ? formatCount(v) : formatInteger(v)))
}

/** Tooltip and export: exact. */
export function formatXExact(mode: XMode, value: number): string {
  if (mode === 'wall') return formatElapsed(value, true)
  if (mode === 'tokens') return `${formatInteger(value)} (${formatCount(value)})`
  return formatInteger(value)
}
