import { describe, expect, it } from 'vitest'
import { bootstrapInterval, mean, quantileSorted } from '../../shared/eval'

/** n values, `ones` of them 1 and the rest 0. */
const bernoulli = (n: number, ones: number) => Array.from({ length: n }, (_, i) => (i < ones ? 1 : 0))

describe('quantileSorted', () => {
  it('interpolates linearly between order statistics (numpy default)', () => {
    // positions: (4−1)·0.5 = 1.5 → halfway between 2 and 3; (4−1)·0.1 = 0.3 → 1 + 0.3·1.
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12)
    expect(quantileSorted([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12)
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4)
  })
})

describe('bootstrapInterval', () => {
  const sample = bernoulli(100, 30)

  it('is a pure function of the seed', () => {
    // Continuous values, so two seeds cannot land on the same percentiles by chance.
    const scores = Array.from({ length: 60 }, (_, i) => ((i * 37) % 61) / 61)
    const a = bootstrapInterval(scores, { seed: 7 })
    expect(bootstrapInterval(scores, { seed: 7 })).toEqual(a)
    expect(bootstrapInterval(scores, { seed: 8 })).not.toEqual(a)
    expect(bootstrapInterval(scores, { seed: 8 }).estimate).toBe(a.estimate)
  })

  it('contains the mean and has the width the normal approximation predicts', () => {
    const ci = bootstrapInterval(sample, { seed: 1 })
    expect(ci.estimate).toBe(0.3)
    expect(ci.n).toBe(100)
    expect(ci.low).toBeLessThan(0.3)
    expect(ci.high).toBeGreaterThan(0.3)
    // 0.3 ± 1.96·√(0.3·0.7/100) = 0.3 ± 0.090; percentiles land on multiples of 0.01.
    expect(ci.low).toBeGreaterThanOrEqual(0.19)
    expect(ci.low).toBeLessThanOrEqual(0.23)
    expect(ci.high).toBeGreaterThanOrEqual(0.37)
    expect(ci.high).toBeLessThanOrEqual(0.41)
  })

  it('narrows as n grows (about 1/√n) and as the level drops', () => {
    const w = (ci: { low: number; high: number }) => ci.high - ci.low
    const small = bootstrapInterval(bernoulli(100, 30), { seed: 2 })
    const large = bootstrapInterval(bernoulli(400, 120), { seed: 2 })
    expect(w(large)).toBeLessThan(0.65 * w(small))
    expect(w(large)).toBeGreaterThan(0.35 * w(small))
    expect(w(bootstrapInterval(sample, { seed: 2, level: 0.5 }))).toBeLessThan(0.5 * w(small))
  })

  it('collapses on a constant sample and accepts other statistics', () => {
    expect(bootstrapInterval([0.5, 0.5, 0.5], { seed: 3 })).toEqual({ estimate: 0.5, low: 0.5, high: 0.5, n: 3 })
    const max = (s: Float64Array) => Math.max(...s)
    const ci = bootstrapInterval([1, 2, 3, 10], { seed: 3, resamples: 1000, statistic: max })
    expect(ci.estimate).toBe(10)
    expect(ci.high).toBe(10)
    expect(ci.low).toBeGreaterThanOrEqual(1)
    expect(mean([1, 2, 3, 10])).toBe(4)
  })

  it('rejects too few resamples, a bad level and an empty sample', () => {
    expect(() => bootstrapInterval(sample, { seed: 1, resamples: 999 })).toThrow(/resamples must be an integer ≥ 1000/)
    expect(() => bootstrapInterval(sample, { seed: 1, level: 1 })).toThrow(/level/)
    expect(() => bootstrapInterval([], { seed: 1 })).toThrow(/no values/)
  })
})
