import { describe, expect, it } from 'vitest'
import { LrSchedule, lrAt, lrCurve, replayRows } from '../../shared'

describe('learning-rate schedules', () => {
  it('constant', () => {
    expect(lrAt({ kind: 'constant', lr: 3e-4 }, 0)).toBe(3e-4)
    expect(lrAt({ kind: 'constant', lr: 3e-4 }, 10_000)).toBe(3e-4)
  })

  it('warm-up then cosine to the floor', () => {
    const s = LrSchedule.parse({ kind: 'cosine', peak: 1e-3, warmup: 10, total: 110, floor: 1e-4 })
    expect(lrAt(s, 0)).toBeCloseTo(1e-4, 12) // (0+1)/10 of the peak
    expect(lrAt(s, 9)).toBeCloseTo(1e-3, 12)
    expect(lrAt(s, 10)).toBeCloseTo(1e-3, 12)
    expect(lrAt(s, 60)).toBeCloseTo(1e-4 + 0.9e-3 * 0.5, 12) // half way: cos(π/2) = 0
    expect(lrAt(s, 110)).toBe(1e-4)
    expect(lrAt(s, 5000)).toBe(1e-4)
  })

  it('warm-up then linear decay', () => {
    const s = LrSchedule.parse({ kind: 'linear', peak: 2e-3, warmup: 0, total: 100 })
    expect(lrAt(s, 0)).toBeCloseTo(2e-3, 12)
    expect(lrAt(s, 25)).toBeCloseTo(1.5e-3, 12)
    expect(lrAt(s, 100)).toBe(0)
  })

  it('re-warms from the previous floor and re-decays for a continual phase', () => {
    const s = LrSchedule.parse({ kind: 'rewarm', from: 1e-4, peak: 1e-3, warmup: 4, total: 44, floor: 1e-5 })
    expect(lrAt(s, 0)).toBeCloseTo(1e-4 + 0.9e-3 / 4, 12)
    expect(lrAt(s, 3)).toBeCloseTo(1e-3, 12)
    expect(lrAt(s, 24)).toBeCloseTo(1e-5 + (1e-3 - 1e-5) * 0.5, 12)
    expect(lrAt(s, 44)).toBe(1e-5)
  })

  it('draws a preview with the same function', () => {
    const s = LrSchedule.parse({ kind: 'cosine', peak: 1, warmup: 0, total: 100 })
    const curve = lrCurve(s, 101, 11)
    expect(curve.map((p) => p.step)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    expect(curve[5]!.lr).toBeCloseTo(0.5, 12)
  })

  it('rejects schedules with bad values, naming the field', () => {
    const r = LrSchedule.safeParse({ kind: 'cosine', peak: -1, warmup: 1.5, total: 0 })
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['peak', 'total', 'warmup'])
  })
})

describe('replay rows', () => {
  it('replays exactly a fraction p of rows in the long run, deterministically', () => {
    for (const p of [0.01, 0.05, 0.25, 0.5]) {
      let total = 0
      for (let step = 0; step < 1000; step++) {
        const r = replayRows(p, 16, step)
        expect(r).toBeGreaterThanOrEqual(0)
        expect(r).toBeLessThanOrEqual(16)
        total += r
      }
      expect(total).toBe(Math.floor(1000 * p * 16 + 1e-9))
    }
    expect(replayRows(0, 16, 5)).toBe(0)
    expect(replayRows(1, 16, 5)).toBe(16)
    expect(replayRows(0.25, 16, 0)).toBe(4)
  })
})
