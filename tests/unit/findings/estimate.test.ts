/** The interval rules every finding uses, on numbers worked by hand. */
import { describe, expect, it } from 'vitest'
import { bootstrapInterval } from '../../../shared/eval/bootstrap'
import { above, acrossSeeds, difference, meanOf, tie, type Estimate } from '../../../shared/findings'

const e = (value: number, half: number): Estimate => ({ value, low: value - half, high: value + half, seeds: 1, seedValues: [value] })

describe('interval rules', () => {
  it('compares by separation: overlapping intervals tie', () => {
    expect(above(e(0.6, 0.05), e(0.4, 0.05))).toBe(true)
    expect(tie(e(0.5, 0.05), e(0.42, 0.05))).toBe(true)
  })
  it('adds half-widths in quadrature for a difference and averages them for a mean', () => {
    const d = difference(e(0.7, 0.03), e(0.3, 0.04))
    expect(d.value).toBeCloseTo(0.4, 12)
    expect(d.high - d.value).toBeCloseTo(0.05, 12)
    const m = meanOf([e(0.2, 0.03), e(0.4, 0.04)])!
    expect(m.value).toBeCloseTo(0.3, 12)
    expect(m.value - m.low).toBeCloseTo(0.025, 12)
  })
  it('across 3 seeds takes the wider of the t-interval (t = 4.303) and the seeds’ own intervals', () => {
    // values 0.6, 0.7, 0.8: sd 0.1, t-half-width 4.303 · 0.1 / √3 = 0.2484, wider than 0.02.
    const a = acrossSeeds([e(0.6, 0.02), e(0.7, 0.02), e(0.8, 0.02)])!
    expect(a.value).toBeCloseTo(0.7, 12)
    expect(a.high - a.value).toBeCloseTo((4.303 * 0.1) / Math.sqrt(3), 10)
    expect(a.seedValues).toEqual([0.6, 0.7, 0.8])
    // Seeds that agree keep their evaluation interval.
    const b = acrossSeeds([e(0.7, 0.05), e(0.7, 0.05), e(0.7, 0.05)])!
    expect(b.high - b.value).toBeCloseTo(0.05, 12)
  })
})

describe('paired comparisons of the same examples', () => {
  // 80 questions: A answers the first 48 right (0.6), B the first 56 (0.7): B is A plus 8.
  const answers = (right: number) => Array.from({ length: 80 }, (_, i) => (i < right ? 1 : 0))
  const scored = (right: number, key = 'qa\u0001test\u000180'): Estimate => {
    const values = answers(right)
    const iv = bootstrapInterval(values, { seed: 1 })
    return { value: iv.estimate, low: iv.low, high: iv.high, seeds: 1, seedValues: [iv.estimate], items: { key, values } }
  }
  const unpaired = ({ items: _items, ...rest }: Estimate): Estimate => rest

  it('separates what the independent rule cannot: 8 more right answers of 80', () => {
    const a = scored(48)
    const b = scored(56)
    // Independently, 0.6 ± 0.11 and 0.7 ± 0.10 overlap.
    expect(tie(unpaired(b), unpaired(a))).toBe(true)
    // Paired: the differences are eight 1s and 72 0s, mean 0.1, bootstrap interval about ±0.066.
    const d = difference(b, a)
    expect(d.value).toBeCloseTo(0.1, 12)
    const iv = bootstrapInterval(Array.from({ length: 80 }, (_, i) => (i >= 48 && i < 56 ? 1 : 0)), { seed: 0, resamples: 1000 })
    expect(d.low).toBeCloseTo(0.1 - (iv.estimate - iv.low), 12)
    expect(d.high).toBeCloseTo(0.1 + (iv.high - iv.estimate), 12)
    expect(d.low).toBeGreaterThan(0.02)
    expect(d.high).toBeLessThan(0.18)
    expect(above(b, a)).toBe(true)
    expect(above(a, b)).toBe(false)
  })

  it('gives an exact 0 to two models that answer the same questions right', () => {
    const d = difference(scored(60), scored(60))
    expect([d.value, d.low, d.high]).toEqual([0, 0, 0])
    expect(tie(scored(60), scored(60))).toBe(true)
  })

  it('does not pair different examples, nor a mean across seeds', () => {
    const a = scored(48)
    const other = scored(56, 'facts\u0001test\u000180')
    expect(tie(other, a)).toBe(true)
    expect(difference(other, a).high - 0.1).toBeCloseTo(Math.hypot(other.high - other.value, a.value - a.low), 12)
    const seeds = acrossSeeds([scored(56), scored(56)])!
    expect(seeds.items).toBeUndefined()
    expect(tie(seeds, a)).toBe(true)
  })

  it('carries the per-example differences on, so a difference of differences stays paired', () => {
    // BWT with and without replay: (after − before) of the same 80 questions, twice.
    const none = difference(scored(40), scored(64)) // −0.3
    const replayed = difference(scored(56), scored(64)) // −0.1
    expect(none.items?.values.filter((v) => v === -1).length).toBe(24)
    expect(above(replayed, none)).toBe(true)
    expect(tie(unpaired(replayed), unpaired(none))).toBe(false)
    const m = meanOf([scored(48), scored(56)])!
    expect(m.value).toBeCloseTo(0.65, 12)
    expect(m.items?.values.slice(46, 58)).toEqual([1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0])
  })
})
