/**
 * Interval arithmetic shared by every finding, one rule each:
 * - Comparison: a is above b when a's interval lies wholly above b's (a.low > b.high); two
 *   estimates tie when neither is above the other (their intervals overlap).
 * - Paired comparison: two single evaluations of the same examples (same `items.key`, as a
 *   fine-tune and its base on one test set, or two stages of a sequence) are compared by the
 *   mean of their per-example differences, with a percentile-bootstrap interval over the
 *   examples; a is above b when that interval lies above 0. Pairing takes each example's own
 *   difficulty out of the comparison: two models that answer the same 60 of 80 questions
 *   right differ by exactly 0, where the independent rule below would give about ±0.13.
 * - Difference a − b of independent estimates: the half-widths on each side add in quadrature
 *   (the normal approximation; bootstrap intervals of 0.1 and 0.1 give a difference ±0.14).
 * - Mean of m independent estimates: the mean, half-widths √(Σh²)/m; of m paired ones, the
 *   per-example means, bootstrapped.
 * - Across seeds (k ≥ 2): the mean, with the wider of the 95% t-interval of the mean across
 *   seeds (t(0.975, k−1)·sd/√k; 4.30 for 3 seeds) and the mean of the seeds' own intervals,
 *   so two seeds that happen to agree do not claim more precision than one evaluation has.
 *   Such a mean is not paired (its per-example scores would hide the seeds' spread).
 */
import { bootstrapInterval, MIN_RESAMPLES } from '../eval/bootstrap'
import type { Estimate, Items } from './types'

export interface Measured {
  value: number
  ciLow: number | null
  ciHigh: number | null
}

/** A row's estimate; a row without an interval (a majority baseline) is a point. */
export function fromRow(r: Measured, items?: Items): Estimate {
  return { value: r.value, low: r.ciLow ?? r.value, high: r.ciHigh ?? r.value, seeds: 1, seedValues: [r.value], ...(items ? { items } : {}) }
}

/** Paired bootstraps: the minimum resamples (1,000), seed 0, so a finding is a pure function of its rows. */
const PAIRED = { seed: 0, resamples: MIN_RESAMPLES }

/** Per-example a − b when both scored the same examples; null otherwise. */
function pairedValues(a: Estimate, b: Estimate): Items | null {
  const x = a.items
  const y = b.items
  if (!x || !y || x.key !== y.key || x.values.length !== y.values.length || x.values.length === 0) return null
  return { key: x.key, values: x.values.map((v, i) => v - y.values[i]!) }
}

/** `value` with the bootstrap interval of the per-example values' mean, shifted onto it (a held-out loss's value weighs tokens, its windows count alike). */
function bootstrapped(value: number, items: Items): Estimate {
  const iv = bootstrapInterval(items.values, PAIRED)
  return { value, low: value - (iv.estimate - iv.low), high: value + (iv.high - iv.estimate), seeds: 1, seedValues: [value], items }
}

// A finding compares the same pair several times (its statement, its verdict, its table).
const pairedCache = new WeakMap<Estimate, WeakMap<Estimate, Estimate | null>>()
function pairedDifference(a: Estimate, b: Estimate): Estimate | null {
  const byB = pairedCache.get(a) ?? new WeakMap<Estimate, Estimate | null>()
  pairedCache.set(a, byB)
  const known = byB.get(b)
  if (known !== undefined) return known
  const items = pairedValues(a, b)
  const d = items && bootstrapped(a.value - b.value, items)
  byB.set(b, d)
  return d
}

export const point = (value: number): Estimate => ({ value, low: value, high: value, seeds: 1, seedValues: [value] })

export const above = (a: Estimate, b: Estimate): boolean => {
  const paired = pairedDifference(a, b)
  return paired ? paired.low > 0 : a.low > b.high
}
export const tie = (a: Estimate, b: Estimate): boolean => !above(a, b) && !above(b, a)

export function difference(a: Estimate, b: Estimate): Estimate {
  const paired = pairedDifference(a, b)
  if (paired) return paired
  const d = a.value - b.value
  const lowSide = Math.hypot(a.value - a.low, b.high - b.value)
  const highSide = Math.hypot(a.high - a.value, b.value - b.low)
  return { value: d, low: d - lowSide, high: d + highSide, seeds: Math.min(a.seeds, b.seeds), seedValues: [] }
}

export function scale(a: Estimate, factor: number): Estimate {
  const [low, high] = factor >= 0 ? [a.low * factor, a.high * factor] : [a.high * factor, a.low * factor]
  const items = a.items && { key: a.items.key, values: a.items.values.map((v) => v * factor) }
  return { value: a.value * factor, low, high, seeds: a.seeds, seedValues: a.seedValues.map((v) => v * factor), ...(items ? { items } : {}) }
}

export function meanOf(list: Estimate[]): Estimate | null {
  if (list.length === 0) return null
  const m = list.length
  const value = list.reduce((s, e) => s + e.value, 0) / m
  const first = list[0]!.items
  const vectors = first ? list.flatMap((e) => (e.items?.key === first.key && e.items.values.length === first.values.length ? [e.items.values] : [])) : []
  if (first && vectors.length === m) return bootstrapped(value, { key: first.key, values: first.values.map((_, i) => vectors.reduce((s, v) => s + v[i]!, 0) / m) })
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
