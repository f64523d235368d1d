import { describe, expect, it } from 'vitest'
import { lrFitWarnings } from '../../renderer/src/experiments/lr-fit'
import { freshDerived, follows, updateDerived, type Derived } from '../../renderer/src/experiments/schedule-derived'
import { getAt, setAt, type Json, type PathKey } from '../../renderer/src/experiments/schedule-value'

const schedule = (): Json => ({
  name: 'x',
  model: { layers: 1, heads: 1, width: 16, context: 32, vocab: 257 },
  pretrain: { length: { steps: 200 }, batch: 8, lr: { kind: 'cosine', peak: 1e-3, warmup: 5, total: 200, floor: 1e-4 }, checkpoints: { kind: 'at', steps: [50, 100, 200] } },
  branches: [
    { name: 'a', from: { steps: [100, 200] }, tasks: ['qa'], length: { steps: 40 }, batch: 8, lr: { kind: 'linear', peak: 1e-3, warmup: 1, total: 40, floor: 0 } },
    { name: 'b', from: 'final', tasks: ['nli'], length: { steps: 100 }, batch: 8, lr: { kind: 'linear', peak: 1e-3, warmup: 3, total: 100, floor: 0 } },
  ],
})

/** Applies a form edit the way the editor does. */
function edit(state: { schedule: Json; derived: Derived }, path: PathKey[], value: Json | undefined, fresh: PathKey[][] = []) {
  return updateDerived(state.schedule, setAt(state.schedule, path, value), state.derived, fresh)
}

describe('derived schedule fields', () => {
  it('follow the length in proportion, with branch points kept on their checkpoints', () => {
    const s = edit(freshDerived(schedule()), ['pretrain', 'length', 'steps'], 60)
    expect(getAt(s.schedule, ['pretrain', 'lr', 'total'])).toBe(60)
    expect(getAt(s.schedule, ['pretrain', 'lr', 'warmup'])).toBe(2) // 5/200 of 60 = 1.5 → 2
    expect(getAt(s.schedule, ['pretrain', 'checkpoints', 'steps'])).toEqual([15, 30, 60])
    expect(getAt(s.schedule, ['branches', 0, 'from', 'steps'])).toEqual([30, 60])
    // Other phases keep their own lengths.
    expect(getAt(s.schedule, ['branches', 0, 'lr', 'total'])).toBe(40)
  })

  it('never compound rounding while a length is typed digit by digit', () => {
    let s = freshDerived(schedule())
    for (const v of [6, 60, 600]) s = edit(s, ['pretrain', 'length', 'steps'], v)
    expect(getAt(s.schedule, ['pretrain', 'lr', 'warmup'])).toBe(15)
    expect(getAt(s.schedule, ['pretrain', 'checkpoints', 'steps'])).toEqual([150, 300, 600])
  })

  it('stop following once the user edits them', () => {
    let s = edit(freshDerived(schedule()), ['pretrain', 'lr', 'total'], 150)
    expect(follows(s.derived, ['pretrain', 'lr', 'total'])).toBe(false)
    expect(follows(s.derived, ['pretrain', 'lr', 'warmup'])).toBe(true)
    s = edit(s, ['pretrain', 'length', 'steps'], 400)
    expect(getAt(s.schedule, ['pretrain', 'lr', 'total'])).toBe(150)
    expect(getAt(s.schedule, ['pretrain', 'lr', 'warmup'])).toBe(10)
  })

  it('follow tokens through batch and context', () => {
    let s = edit(freshDerived(schedule()), ['pretrain', 'length'], { tokens: 8 * 32 * 50 })
    expect(getAt(s.schedule, ['pretrain', 'lr', 'total'])).toBe(50)
    s = edit(s, ['pretrain', 'batch'], 16)
    expect(getAt(s.schedule, ['pretrain', 'lr', 'total'])).toBe(25)
  })

  it('move with their branch when an earlier branch is removed, and a new kind starts following', () => {
    let s = edit(freshDerived(schedule()), ['branches', 1, 'lr', 'warmup'], 7)
    const branches = getAt(s.schedule, ['branches']) as Json[]
    s = edit(s, ['branches'], branches.filter((_, i) => i !== 0))
    expect(follows(s.derived, ['branches', 0, 'lr', 'warmup'])).toBe(false)
    expect(follows(s.derived, ['branches', 0, 'lr', 'total'])).toBe(true)
    s = edit(s, ['branches', 0, 'length', 'steps'], 50)
    expect(getAt(s.schedule, ['branches', 0, 'lr'])).toMatchObject({ warmup: 7, total: 50 })
    // Picking a kind again makes its fields follow anew.
    s = edit(s, ['branches', 0, 'lr'], { kind: 'cosine', peak: 1e-3, warmup: 5, total: 50, floor: 0 }, [['branches', 0, 'lr']])
    s = edit(s, ['branches', 0, 'length', 'steps'], 100)
    expect(getAt(s.schedule, ['branches', 0, 'lr'])).toMatchObject({ warmup: 10, total: 100 })
  })

  it('count a JSON edit of a derived field as the user’s', () => {
    const start = freshDerived(schedule())
    const typed = setAt(setAt(start.schedule, ['pretrain', 'lr', 'warmup'], 9), ['pretrain', 'length', 'steps'], 100)
    const s = updateDerived(start.schedule, typed, start.derived)
    expect(getAt(s.schedule, ['pretrain', 'lr'])).toMatchObject({ warmup: 9, total: 100 })
  })
})

describe('LR schedule fit', () => {
  const cosine = { kind: 'cosine' as const, peak: 1e-3, warmup: 10, total: 400, floor: 1e-4 }
  it('warns when the decay ends after the phase, and says where the rate ends', () => {
    const [w] = lrFitWarnings(cosine, 60)
    expect(w).toContain('Decays to step 400, but the phase has 60 steps')
    // Step 59 of a cosine from step 10 to 400: 0.5(1+cos(π·49/390)) = 0.9615, so 1e-4 + 9e-4 × 0.9615 = 9.654e-4.
    expect(w).toContain('ends at 9.654e-4, 97% of the peak, not at the floor 1e-4')
  })
  it('warns when the decay ends early or the warm-up fills the phase, and not when it fits', () => {
    expect(lrFitWarnings({ ...cosine, total: 60 }, 60)).toEqual([])
    expect(lrFitWarnings({ ...cosine, total: 30 }, 60)[0]).toContain('the last 30 of 60 steps (50%) train at the floor 1e-4')
    expect(lrFitWarnings({ ...cosine, warmup: 60, total: 60 }, 60)[0]).toContain('never reaches its peak')
    expect(lrFitWarnings({ kind: 'constant', lr: 1e-3 }, 60)).toEqual([])
  })
})
