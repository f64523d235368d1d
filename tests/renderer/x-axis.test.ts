/** Where a bucket lies on each x axis, and which steps an x range covers, for a run branched at step 500. */
import { describe, expect, it } from 'vitest'
import { bucketXs, formatElapsed, formatXTicks, stepRangeFor, stepToX, type Segment } from '../../renderer/src/charts/x-axis'
import type { SeriesBuckets } from '../../shared/schemas/metric'

// A fine-tune branched at step 500 (64,000 tokens, 120 s of training before it), drawn on its own chart.
const seg: Segment = { runId: 2, runName: 'ft', stepOffset: 500, tokenOffset: 64_000, wallOffset: 120, t0: 10_000, cutStep: null, anchorOffset: 500 }
// Ten buckets of 10 steps: last points at steps 9, 19, … 99, 32 tokens a step, 200 ms a step.
const b: SeriesBuckets = {
  fromStep: Array.from({ length: 10 }, (_, i) => i * 10),
  toStep: Array.from({ length: 10 }, (_, i) => i * 10 + 9),
  count: Array.from({ length: 10 }, () => 10),
  min: Array.from({ length: 10 }, () => 0),
  max: Array.from({ length: 10 }, () => 1),
  last: Array.from({ length: 10 }, () => 0.5),
  lastStep: Array.from({ length: 10 }, (_, i) => i * 10 + 9),
  lastTokens: Array.from({ length: 10 }, (_, i) => (i * 10 + 9) * 32),
  lastWallTime: Array.from({ length: 10 }, (_, i) => 10_000 + (i * 10 + 9) * 200),
}

describe('x axis', () => {
  it('places each bucket’s last point after the ancestors', () => {
    expect(bucketXs(b, seg, 'step').slice(0, 3)).toEqual([509, 519, 529])
    expect(bucketXs(b, seg, 'branch').slice(0, 3)).toEqual([9, 19, 29])
    expect(bucketXs(b, seg, 'tokens').slice(0, 2)).toEqual([64_000 + 288, 64_000 + 608])
    // 120 s before the branch, then 9 steps × 200 ms.
    expect(bucketXs(b, seg, 'wall')[0]).toBeCloseTo(121.8, 10)
  })

  it('maps an x range back to the run’s steps, one overview bucket wider on each side', () => {
    // Step axis 540..560 is the run's steps 40..60, widened by 100 / 10 = 10 steps.
    expect(stepRangeFor(seg, 'step', b, 540, 560)).toEqual({ fromStep: 30, toStep: 70 })
    // Tokens 64,000 + 32·29 … 64,000 + 32·49: steps 29..49 by interpolation, widened by 10.
    expect(stepRangeFor(seg, 'tokens', b, 64_000 + 928, 64_000 + 1_568)).toEqual({ fromStep: 19, toStep: 59 })
    // A range beyond the data misses it.
    expect(stepRangeFor(seg, 'wall', b, 500, 600)).toBeNull()
  })

  it('places a step on the axis, interpolating tokens and time between buckets', () => {
    expect(stepToX(seg, 'step', 14, b)).toBe(514)
    expect(stepToX(seg, 'branch', 14, b)).toBe(14)
    // Step 14 is halfway between the last points 9 and 19: 64,000 + 32 · 14.
    expect(stepToX(seg, 'tokens', 14, b)).toBeCloseTo(64_448, 10)
    expect(stepToX(seg, 'tokens', 500, b)).toBeNull()
  })

  it('formats training time and ticks', () => {
    expect(formatElapsed(45)).toBe('45 s')
    expect(formatElapsed(200)).toBe('3 min 20 s')
    expect(formatElapsed(3_900)).toBe('1 h 05 min')
    expect(formatElapsed(-30)).toBe('−30 s')
    // One style per axis: every tick compact once one reaches 100,000.
    expect(formatXTicks('step', [50_000, 100_000])).toEqual(['50K', '100K'])
  })
})
