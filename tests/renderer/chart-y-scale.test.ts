import { describe, expect, it } from 'vitest'
import { extentOf, fitLinesAndBands, logTicks, padLinear, padLog } from '../../renderer/src/charts/y-scale'

describe('chart y range', () => {
  it('fits the lines and their ordinary bands whole', () => {
    const lines = extentOf([8.5, 5, 3, 2.5, null], 0, 4, false)
    const bands = extentOf([8.9, 5.2, 3.1, 2.4], 0, 3, false)
    expect(lines).toEqual({ lo: 2.5, hi: 8.5 })
    expect(fitLinesAndBands(lines, bands, true, false)).toEqual({ lo: 2.4, hi: 8.9, clippedBelow: null, clippedAbove: null })
  })

  it('clips a band edge further beyond the lines than their span, and says which', () => {
    // A one-step spike of +50 over a curve from 8.5 to 2.5 (span 6): clipped at 8.5 + 6.
    const fit = fitLinesAndBands({ lo: 2.5, hi: 8.5 }, { lo: 2.4, hi: 52.5 }, true, false)
    expect(fit).toEqual({ lo: 2.4, hi: 14.5, clippedBelow: null, clippedAbove: 52.5 })
    // Off: everything drawn is in range.
    expect(fitLinesAndBands({ lo: 2.5, hi: 8.5 }, { lo: 2.4, hi: 52.5 }, false, false)).toEqual({ lo: 2.4, hi: 52.5, clippedBelow: null, clippedAbove: null })
  })

  it('measures the span in decades on a log axis', () => {
    // Lines 0.27 … 2 (0.87 decades); a band edge at 10 is 0.7 decades above: kept; 100 is not.
    expect(fitLinesAndBands({ lo: 0.27, hi: 2 }, { lo: 0.25, hi: 10 }, true, true)?.clippedAbove).toBeNull()
    const fit = fitLinesAndBands({ lo: 0.27, hi: 2 }, { lo: 0.25, hi: 100 }, true, true)!
    expect(fit.clippedAbove).toBe(100)
    expect(fit.hi).toBeCloseTo(2 * (2 / 0.27), 9)
  })

  it('skips non-positive values for a log axis and pads flat series', () => {
    expect(extentOf([0, -1, 0.5, 2], 0, 3, true)).toEqual({ lo: 0.5, hi: 2 })
    const [lo, hi] = padLinear(0.05, 0.05)
    expect(lo).toBeCloseTo(0.0475, 12)
    expect(hi).toBeCloseTo(0.0525, 12)
    expect(padLinear(0, 0)).toEqual([-1, 1])
    const [a, b] = padLog(0.1, 10)
    expect(Math.log10(a)).toBeCloseTo(-1.1, 9)
    expect(Math.log10(b)).toBeCloseTo(1.1, 9)
  })
})

describe('log ticks', () => {
  it('are 1-2-5 per decade when the plot is tall enough, never crowded digits', () => {
    expect(logTicks(0.25, 12, 300)).toEqual([0.5, 1, 2, 5, 10])
    // 0.2 … 10 on 80 px: only decades keep 22 px apart.
    expect(logTicks(0.2, 10, 80)).toEqual([1, 10])
    // Every digit when there is room: 1.5 … 9 over 400 px.
    expect(logTicks(1.5, 9, 400)).toEqual([2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('fall back to round linear ticks inside one digit step', () => {
    expect(logTicks(2.42, 3.13, 200)).toEqual([2.6, 2.8, 3])
    expect(logTicks(2.42, 3.13, 200).every((v) => v >= 2.42 && v <= 3.13)).toBe(true)
  })

  it('are exact decimals, not float noise', () => {
    const ticks = logTicks(0.0011, 0.9, 2000)
    expect(ticks.length).toBeGreaterThan(20)
    for (const v of ticks) expect(String(v)).toMatch(/^0\.0*[1-9]$/)
  })
})
