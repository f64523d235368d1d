/** The editor's previews: each phase's learning rate and each branch's replayed rows, worked out by hand. */
import { describe, expect, it } from 'vitest'
import { lrPreview, LR_POINTS, replayPreview } from '../../renderer/src/experiments/schedule-preview-data'

describe('schedule previews', () => {
  it('samples a warm-up and linear decay at 120 points over the phase', () => {
    const { x, lines } = lrPreview({ id: 'p', name: 'Pre-training', steps: 1_000, lr: { kind: 'linear', peak: 1e-3, floor: 0, warmup: 10, total: 1_000 } })
    expect(x).toHaveLength(LR_POINTS)
    expect(x[0]).toBe(0)
    expect(x.at(-1)).toBe(999)
    // Step 0 of a 10-step warm-up: 1/10 of the peak; step round(119 · 999/119 …) = 999: (1 − 989/990) of it.
    expect(lines[0]!.y[0]).toBeCloseTo(1e-4, 15)
    expect(lines[0]!.y.at(-1)).toBeCloseTo(1e-3 * (1 - 989 / 990), 15)
    expect(lines[0]!.label).toBe('linear')
  })

  it('draws a short phase step by step', () => {
    const { x, lines } = lrPreview({ id: 'p', name: 'ft', steps: 5, lr: { kind: 'constant', lr: 3e-4 } })
    expect(x).toEqual([0, 1, 2, 3, 4])
    expect(lines[0]!.y).toEqual([3e-4, 3e-4, 3e-4, 3e-4, 3e-4])
  })

  it('counts replayed rows per batch: 5% of 16 rows is one row every 1¼ steps', () => {
    const { x, lines } = replayPreview({ steps: 8, replay: [0.05, 0.25], rows: 16 })
    expect(x).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    // ⌊(s+1)·0.8⌋ − ⌊s·0.8⌋: 0 1 1 1 1 0 1 1.
    expect(lines[0]).toEqual({ label: '5%', y: [0, 1, 1, 1, 1, 0, 1, 1] })
    expect(lines[1]).toEqual({ label: '25%', y: [4, 4, 4, 4, 4, 4, 4, 4] })
  })

  it('shows 40 steps of a long branch, and of one measured in epochs', () => {
    expect(replayPreview({ steps: 10_000, replay: [0.01], rows: 16 }).x).toHaveLength(40)
    expect(replayPreview({ steps: null, replay: [0.01], rows: 16 }).x).toHaveLength(40)
    expect(replayPreview({ steps: 1, replay: [0.01], rows: 16 }).x).toEqual([0, 1])
  })
})
