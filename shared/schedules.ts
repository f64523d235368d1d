/**
 * Learning-rate schedules as pure functions of the step. The worker calls these to set the
 * rate; the schedule editor calls the same functions to draw its preview, so what you see is
 * what trains. Steps count from 0 within a phase.
 */
import { z } from 'zod'

const Rate = z.number().min(0, 'must be ≥ 0').max(10, 'must be ≤ 10')
const Steps = z.number().int().min(0)

export const LrSchedule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant'), lr: Rate }),
  /** Linear warm-up from 0 to `peak`, then cosine decay to `floor` at `total`; `floor` after. */
  z.strictObject({ kind: z.literal('cosine'), peak: Rate, warmup: Steps, total: Steps.min(1), floor: Rate.default(0) }),
  /** Linear warm-up, then linear decay to `floor` at `total`. */
  z.strictObject({ kind: z.literal('linear'), peak: Rate, warmup: Steps, total: Steps.min(1), floor: Rate.default(0) }),
  /**
   * A continual phase: re-warm from `from` (usually the previous phase's final rate) to
   * `peak`, then re-decay by cosine to `floor` (Ibrahim et al. 2024).
   */
  z.strictObject({ kind: z.literal('rewarm'), from: Rate, peak: Rate, warmup: Steps, total: Steps.min(1), floor: Rate.default(0) }),
])
export type LrSchedule = z.infer<typeof LrSchedule>

export function lrAt(s: LrSchedule, step: number): number {
  if (s.kind === 'constant') return s.lr
  const start = s.kind === 'rewarm' ? s.from : 0
  if (step < s.warmup) return start + ((s.peak - start) * (step + 1)) / s.warmup
  if (step >= s.total) return s.floor
  const progress = (step - s.warmup) / Math.max(1, s.total - s.warmup)
  const shape = s.kind === 'linear' ? 1 - progress : 0.5 * (1 + Math.cos(Math.PI * progress))
  return s.floor + (s.peak - s.floor) * shape
}

/** The curve for a preview: `points` samples over [0, steps). */
export function lrCurve(s: LrSchedule, steps: number, points = 200): { step: number; lr: number }[] {
  const n = Math.max(2, Math.min(points, steps))
  return Array.from({ length: n }, (_, i) => {
    const step = Math.round((i * (steps - 1)) / (n - 1))
    return { step, lr: lrAt(s, step) }
  })
}

/**
 * How many of a batch's `rows` come from the pre-training corpus at `step` when a fraction
 * `p` is replayed. Deterministic and exact in the long run: the cumulative count is
 * ⌊(step+1)·p·rows⌋, so p = 0.01 with 16 rows replays one row every 6¼ steps.
 */
export function replayRows(p: number, rows: number, step: number): number {
  return replayedBefore(p, rows, step + 1) - replayedBefore(p, rows, step)
}

/** Corpus rows replayed in all batches before `step`: ⌊step·p·rows⌋ (the 1e-9 keeps p·rows = 0.16 × 100 steps at 16, not 15.999…). */
export function replayedBefore(p: number, rows: number, step: number): number {
  if (p <= 0) return 0
  return Math.floor(step * Math.min(p, 1) * rows + 1e-9)
}
