/**
 * Percentile-bootstrap confidence intervals (Efron & Tibshirani 1993, ch. 13), the method the
 * paper reports: resample the per-example scores with replacement, recompute the statistic,
 * and take the (1−level)/2 and (1+level)/2 quantiles of the resampled statistics. Resampling is
 * driven by the seeded Rng, so an interval is a pure function of (values, seed, options).
 */
import { Rng, deriveSeed } from '../random'

export interface Interval {
  /** The statistic on the full sample. */
  estimate: number
  low: number
  high: number
  /** Sample size. */
  n: number
}

export type Statistic = (sample: Float64Array) => number

export interface BootstrapOptions {
  seed: number
  /** Number of resamples, ≥ 1000; the paper used 3000. */
  resamples?: number
  /** Coverage of the interval, in (0, 1). */
  level?: number
  /** Defaults to the mean. Receives a reused buffer: read it, do not keep it. */
  statistic?: Statistic
}

export const DEFAULT_RESAMPLES = 3000
export const MIN_RESAMPLES = 1000

export function mean(values: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]!
  return sum / values.length
}

/**
 * The q-quantile of sorted values by linear interpolation between order statistics (Hyndman
 * & Fan type 7, numpy's default), so results match a numpy re-analysis of the same numbers.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}

export function bootstrapInterval(values: ArrayLike<number>, options: BootstrapOptions): Interval {
  const { seed, resamples = DEFAULT_RESAMPLES, level = 0.95, statistic = mean } = options
  const n = values.length
  if (n === 0) throw new RangeError('bootstrapInterval: there are no values to resample')
  if (!Number.isInteger(resamples) || resamples < MIN_RESAMPLES)
    throw new RangeError(`bootstrapInterval: resamples must be an integer ≥ ${MIN_RESAMPLES}, got ${resamples}`)
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrapInterval: level must be in (0, 1), got ${level}`)
  if (!Number.isInteger(seed)) throw new RangeError(`bootstrapInterval: seed must be an integer, got ${seed}`)

  const data = Float64Array.from(values as ArrayLike<number>)
  const estimate = statistic(data)
  const rng = new Rng(deriveSeed(seed, 'bootstrap'))
  const sample = new Float64Array(n)
  const stats = new Float64Array(resamples)
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) sample[i] = data[rng.int(n)]!
    stats[r] = statistic(sample)
  }
  stats.sort()
  const tail = (1 - level) / 2
  return { estimate, low: quantileSorted(stats, tail), high: quantileSorted(stats, 1 - tail), n }
}
