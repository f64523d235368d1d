/**
 * The numbers the editor's previews draw, from the worker's own functions: the learning rate
 * of a phase (`lrCurve`) and the replayed rows of each batch of a branch (`replayRows`).
 */
import { lrCurve, replayRows } from '../../../shared'
import type { BranchPlan, Phase } from './schedule-model'

/** Points of an LR preview: enough for a smooth warm-up and cosine at 300 px. */
export const LR_POINTS = 120
/** Steps shown in the replay preview: enough to see the pattern of small ratios. */
export const REPLAY_PREVIEW_STEPS = 40

export interface PreviewData {
  x: number[]
  lines: { label: string; y: number[] }[]
}

export function lrPreview(phase: Phase): PreviewData {
  const curve = lrCurve(phase.lr, phase.steps, LR_POINTS)
  return { x: curve.map((p) => p.step), lines: [{ label: phase.lr.kind, y: curve.map((p) => p.lr) }] }
}

/** Rows replayed at each of the branch's first steps (at least 2, at most 40), one line per ratio. */
export function replayPreview(branch: Pick<BranchPlan, 'steps' | 'replay' | 'rows'>): PreviewData {
  const steps = Math.max(2, Math.min(REPLAY_PREVIEW_STEPS, branch.steps ?? REPLAY_PREVIEW_STEPS))
  const x = Array.from({ length: steps }, (_, i) => i)
  return { x, lines: branch.replay.map((p) => ({ label: `${+(p * 100).toFixed(2)}%`, y: x.map((step) => replayRows(p, branch.rows, step)) })) }
}
