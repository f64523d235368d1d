import { describe, expect, it } from 'vitest'
import { continualSummary, formatSensitivity, gain, meanRatioOfChange, pairedGainInterval, ratioOfChange } from '../../shared/forgetting'

describe('forgetting metrics', () => {
  it('gain and ratio of change', () => {
    expect(gain(0.6, 0.45)).toBeCloseTo(-0.15, 12)
    expect(ratioOfChange(0.6, 0.45)).toBeCloseTo(-0.25, 12)
    expect(ratioOfChange(0, 0.3)).toBeNull()
  })

  it("the paper's mean ratio of change over held-out tasks", () => {
    // (0.45-0.6)/0.6 = -0.25, (0.3-0.4)/0.4 = -0.25, (0.55-0.5)/0.5 = +0.1 → mean -0.4/3
    const r = meanRatioOfChange([
      { base: 0.6, finetuned: 0.45 },
      { base: 0.4, finetuned: 0.3 },
      { base: 0.5, finetuned: 0.55 },
      { base: 0, finetuned: 0.2 },
    ])
    expect(r.mrc).toBeCloseTo(-0.4 / 3, 12)
    expect(r).toMatchObject({ used: 3, skipped: 1 })
  })

  it('ACC, BWT, FWT and forgetting on a matrix computed by hand', () => {
    // Stage i trained task i. Rows: after stage 1, 2, 3.
    const R = [
      [0.9, 0.3, 0.2],
      [0.6, 0.8, 0.35],
      [0.5, 0.7, 0.85],
    ]
    const b = [0.33, 0.25, 0.3]
    const s = continualSummary(R, b)
    expect(s.acc).toBeCloseTo((0.5 + 0.7 + 0.85) / 3, 12)
    // BWT = ((0.5-0.9) + (0.7-0.8)) / 2 = -0.25
    expect(s.bwt).toBeCloseTo(-0.25, 12)
    // FWT = ((R[0][1]-b1) + (R[1][2]-b2)) / 2 = ((0.3-0.25) + (0.35-0.3)) / 2 = 0.05
    expect(s.fwt!).toBeCloseTo(0.05, 12)
    // forgetting: task0 max(0.9,0.6) - 0.5 = 0.4; task1 max(0.3,0.8) - 0.7 = 0.1
    expect(s.forgetting[0]!).toBeCloseTo(0.4, 12)
    expect(s.forgetting[1]!).toBeCloseTo(0.1, 12)
    expect(s.meanForgetting).toBeCloseTo(0.25, 12)
    expect(continualSummary(R).fwt).toBeNull()
    expect(() => continualSummary([[1, 2], [3]])).toThrow('row 1 of the accuracy matrix has 1 entries; expected 2')
  })

  it('format sensitivity', () => {
    const f = formatSensitivity([0.7, 0.5, 0.6])
    expect(f.spread).toBeCloseTo(0.2, 12)
    expect(f.std).toBeCloseTo(Math.sqrt(((0.1) ** 2 + (0.1) ** 2 + 0) / 3), 12)
  })

  it('a paired bootstrap interval around the gain', () => {
    const base = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 1 : 0))
    const ft = Array.from({ length: 200 }, (_, i) => (i % 4 === 3 ? 0 : 1))
    const iv = pairedGainInterval(base, ft, { seed: 1 })
    expect(iv.estimate).toBeCloseTo(0.25, 12)
    expect(iv.low).toBeLessThan(0.25)
    expect(iv.high).toBeGreaterThan(0.25)
    expect(iv.high - iv.low).toBeLessThan(0.2)
    expect(pairedGainInterval(base, ft, { seed: 1 })).toEqual(iv)
  })
})
