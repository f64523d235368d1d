/**
 * Results as evaluation rows (shared/schemas/checkpoint.ts `EvaluationCreate`), the shape the
 * store records: one row per metric, with its bootstrap interval where there is one. Metric
 * names match shared/schemas/task.ts (`accuracy`, `exact-match`, `rouge-l`); the majority
 * baseline is stored beside accuracy so a chart can draw it without the training split.
 */
import type { EvaluationCreate, PromptFormat } from '../../../../shared'
import type { Interval } from '../../../../shared/eval'
import type { ClassificationResult } from './classify'
import type { GenerationResult } from './generation'
import type { HeldOutLoss } from './perplexity'

export interface RowContext {
  checkpointId: number
  task: string
  split: string
  promptFormat: PromptFormat
  shots: number
}

type Row = Required<EvaluationCreate>

const row = (c: RowContext, metric: string, i: Interval, items: number[], truncated: number): Row => ({ ...c, metric, value: i.estimate, ciLow: i.low, ciHigh: i.high, n: i.n, items, truncated })

export function classificationRows(c: RowContext, r: ClassificationResult): Row[] {
  return [row(c, 'accuracy', r.accuracy, r.correct, r.truncated), { ...c, metric: 'majority-baseline', value: r.baseline.accuracy, ciLow: null, ciHigh: null, n: r.accuracy.n, items: null, truncated: null }]
}

export function generationRows(c: RowContext, r: GenerationResult): Row[] {
  return [row(c, 'exact-match', r.exactMatchInterval, r.exactMatch, r.truncated), row(c, 'rouge-l', r.rougeLInterval, r.rougeL, r.truncated)]
}

/** Held-out loss has no prompt: format 'default', 0 shots; n counts predicted tokens. */
export function heldOutRows(c: Omit<RowContext, 'promptFormat' | 'shots'>, r: HeldOutLoss): Row[] {
  const base = { ...c, promptFormat: 'default' as const, shots: 0, ciLow: null, ciHigh: null, n: r.tokens, items: null, truncated: null }
  return [
    { ...base, metric: 'loss', value: r.meanNll },
    { ...base, metric: 'perplexity', value: r.perplexity },
  ]
}
