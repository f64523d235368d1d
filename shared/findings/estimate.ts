/**
 * Interval arithmetic shared by every finding, one rule each:
 * - Comparison: a is above b when a's interval lies wholly above b's (a.low > b.high); two
 *   estimates tie when neither is above the other (their intervals overlap).
 * - Difference a − b of independent estimates: the half-widths on each side add in quadrature
 *   (the normal approximation; bootstrap intervals of 0.1 and 0.1 give a difference ±0.14).
 * - Mean of m independent estimates: the mean, half-widths √(Σh²)/m.
 * - Across seeds (k ≥ 2): the mean, with the wider of the 95% t-interval of the mean across
 *   seeds (t(0.975, k−1)·sd/√k; 4.30 for 3 seeds) and the mean of the seeds' own intervals,
 *   so two seeds that happen to agree do not claim more precision than one evaluation has.
 */
import type { Estimate } from './types'

export interface Measured {
  value: number
  ciLow: number | null
  ciHigh: number | null
}

/** A row's estimate; a row without an interval (a majority baseline) is a point. */
export function fromRow(r: Measured): Estimate {
  return { value: r.value, low: r.ciLow ?? r.value, high: r.ciHigh ?? r.value, seeds: 1, seedValues: [r.value] }
}

export const point = (value: number): Estimate => ({ value, low: value, high: value, seeds: 1, seedValues: [value] })

export const above = (a: Estimate, b: Estimate): boolean => a.low > b.high
export const tie = (a: Estimate, b: Estimate): boolean => !above(a, b) && !above(b, a)

export function difference(a: Estimate, b: Estimate): Estimate {
  const d = a.value - b.value
  const lowSide = Math.hypot(a.value - a.low, b.high - b.value)
  const highSide = Math.hypot(a.high - a.value, b.value - b.low)
  return { value: d, low: d - lowSide, high: d + highSide, seeds: Math.min(a.seeds, b.seeds), seedValues: [] }
}

export function scale(a: Estimate, factor: number): Estimate {
  const [low, high] = factor >= 0 ? [a.low * factor, a.high * factor] : [a.high * factor, a.low * factor]
  return { value: a.value * factor, low, high, seeds: a.seeds, seedValues: a.seedValues.map((v) => v * factor) }
}

export function meanOf(list: Estimate[]): Estimate | null {
  if (list.length === 0) return null
  const m = list.length
  const value = list.reduce((s, e) => s + e.value, 0) / m
  const lowSide = Math.sqrt(list.reduce((s, e) => s + (e.value - e.low) ** 2, 0)) / m
  const highSide = Math.sqrt(list.reduce((s, e) => s + (e.high - e.value) ** 2, 0)) / m
  return { value, low: value - lowSide, high: value + highSide, seeds: Math.min(...list.map((e) => e.seeds)), seedValues: [] }
}

/** t(0.975, df) for df = 1…30; beyond, the normal 1.96. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042]
export const t975 = (df: number): number => T975[df - 1] ?? 1.96

/** One estimate per seed → their mean with the across-seed interval (rule above). */
export function acrossSeeds(perSeed: Estimate[]): Estimate | null {
  const k = perSeed.length
  if (k === 0) return null
  if (k === 1) return perSeed[0]!
  const values = perSeed.map((e) => e.value)
  const value = values.reduce((a, b) => a + b, 0) / k
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - value) ** 2, 0) / (k - 1))
  const ht = (t975(k - 1) * sd) / Math.sqrt(k)
  const lowSide = Math.max(ht, perSeed.reduce((a, e) => a + (e.value - e.low), 0) / k)
  const highSide = Math.max(ht, perSeed.reduce((a, e) => a + (e.high - e.value), 0) / k)
  return { value, low: value - lowSide, high: value + highSide, seeds: k, seedValues: values }
}
