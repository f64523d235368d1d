/**
 * The y range and ticks of a metric chart, as pure functions of what is drawn (so they are
 * unit-tested without a browser).
 *
 * Clipping outliers keeps every line in view and clips only band edges that are real
 * outliers: a band edge further beyond the lines than the lines' own span (a one-step loss
 * spike of +50 over a curve running from 8.5 down to 2.5 is clipped; the ordinary noise band
 * around it is not). The chart says what was clipped.
 */

export interface Extent {
  lo: number
  hi: number
}

export interface YFit {
  lo: number
  hi: number
  /** The band edges left off the plot, or null on that side. */
  clippedBelow: number | null
  clippedAbove: number | null
}

const widen = (e: Extent | null, v: number): Extent => (e === null ? { lo: v, hi: v } : { lo: Math.min(e.lo, v), hi: Math.max(e.hi, v) })

/** The extent of the finite values of `ys[from..to]` (positive ones only on a log axis). */
export function extentOf(ys: ArrayLike<number | null | undefined>, from: number, to: number, positiveOnly: boolean, into: Extent | null = null): Extent | null {
  let e = into
  for (let k = Math.max(0, from); k <= to && k < ys.length; k++) {
    const v = ys[k]
    if (v === null || v === undefined || !Number.isFinite(v) || (positiveOnly && v <= 0)) continue
    e = widen(e, v)
  }
  return e
}

/**
 * The range to fit: the lines whole, and the bands unless an edge lies further beyond the
 * lines than the lines' own span (then that side stops there, and the edge is reported).
 * On a log axis spans are measured in decades.
 */
export function fitLinesAndBands(lines: Extent | null, bands: Extent | null, clip: boolean, log: boolean): YFit | null {
  const all = lines && bands ? { lo: Math.min(lines.lo, bands.lo), hi: Math.max(lines.hi, bands.hi) } : (lines ?? bands)
  if (all === null) return null
  if (!clip || lines === null || bands === null) return { ...all, clippedBelow: null, clippedAbove: null }
  const t = log ? Math.log10 : (v: number) => v
  const inv = log ? (v: number) => 10 ** v : (v: number) => v
  const a = t(lines.lo)
  const b = t(lines.hi)
  // A flat line (a fixed replay ratio) still lets a band of 5% of its value show.
  const span = b - a > 0 ? b - a : log ? 0.05 : Math.abs(b) * 0.05 || 1
  const lowLimit = inv(a - span)
  const highLimit = inv(b + span)
  const clippedBelow = bands.lo < lowLimit ? bands.lo : null
  const clippedAbove = bands.hi > highLimit ? bands.hi : null
  return { lo: clippedBelow === null ? all.lo : Math.min(lines.lo, lowLimit), hi: clippedAbove === null ? all.hi : Math.max(lines.hi, highLimit), clippedBelow, clippedAbove }
}

/** A linear range with 5% padding; a constant series is flat, not float noise blown up. */
export function padLinear(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1]
  if (hi - lo <= Math.max(Math.abs(lo), Math.abs(hi)) * 1e-9) {
    const pad = Math.abs(lo) * 0.05 || 1
    return [lo - pad, hi + pad]
  }
  const pad = (hi - lo) * 0.05
  return [lo - pad, hi + pad]
}

/** A log range padded by 5% of its decades (at least a twentieth of one) on each side. */
export function padLog(lo: number, hi: number): [number, number] {
  if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [0.1, 10]
  const a = Math.log10(lo)
  const b = Math.log10(hi)
  const pad = Math.max((b - a) * 0.05, 0.05)
  return [10 ** (a - pad), 10 ** (b + pad)]
}

/** Mantissa sets from sparse to dense: decades, then 1-2-5, then every digit. */
const MANTISSAS = [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]

/** Rounds away float noise (0.30000000000000004 → 0.3) at the tick's own magnitude. */
const clean = (v: number) => Number(v.toPrecision(6))

/**
 * Tick values for a log axis over [min, max]: the densest of decades, 1-2-5 or every digit
 * that keeps at least `minGap` pixels between ticks on a plot `pixels` tall, so labels never
 * crowd ("0.2, 0.3, 0.4…" overlapping near 1). Fewer than two ticks (a range inside one
 * decade's 1-2-5 step) falls back to the every-digit set, then to both ends.
 */
export function logTicks(min: number, max: number, pixels: number, minGap = 22): number[] {
  if (!(min > 0) || !(max > min)) return min > 0 ? [min] : []
  const decades = Math.log10(max) - Math.log10(min)
  const fits = Math.max(2, Math.floor(pixels / minGap))
  let best: number[] = []
  for (const set of MANTISSAS) {
    const ticks: number[] = []
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++)
      for (const m of set) {
        const v = clean(m * 10 ** e)
        if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) ticks.push(v)
      }
    // The densest set whose closest pair (at the top of each decade) keeps the gap.
    const closest = Math.min(...set.map((m, i) => Math.log10((set[i + 1] ?? 10 * set[0]!) / m)))
    const gapPx = (closest / decades) * pixels
    if (best.length < 2 || (ticks.length <= fits && gapPx >= minGap)) best = ticks
    else break
  }
  // Inside one digit step (2.4 … 3.1): round linear ticks read better than two odd ends.
  return best.length >= 2 ? best : niceTicks(min, max, Math.max(2, Math.min(5, fits))).filter((v) => v > 0)
}

/** Round tick values over [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return Number.isFinite(min) ? [min] : []
  const raw = (max - min) / Math.max(1, count)
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude
  const ticks: number[] = []
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : clean(v))
  return ticks
}
