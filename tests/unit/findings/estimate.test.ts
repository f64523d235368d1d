/** The interval rules every finding uses, on numbers worked by hand. */
import { describe, expect, it } from 'vitest'
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
