/**
 * Finding 7, scorer sensitivity: a classification task scored by free generation (exact
 * match of the generated line, metric `generation-accuracy`) and by TokenProb (`accuracy`).
 * The base model scores near 0 by generation and near chance by TokenProb; after fine-tuning
 * the two agree. Rules (separation): the base disagrees when its TokenProb score is above its
 * generation score; the fine-tune agrees when the two tie. Read at the latest checkpoint the
 * task was fine-tuned from (no replay); it holds when both are so for at least one task.
 */
import type { Cells } from './cells'
import { SCORER_METRIC } from './cells'
import { above, tie } from './estimate'
import { est, list, num, step } from './text'
import type { Estimate, FindingBase, FindingNumber } from './types'

export interface ScorerPair {
  task: string
  step: number
  majority: number | null
  base: { tokenProb: Estimate; generation: Estimate } | null
  finetuned: { tokenProb: Estimate; generation: Estimate } | null
}

export type ScorerSensitivityFinding = FindingBase<'scorer-sensitivity', { pairs: ScorerPair[] }>

export function scorerSensitivity(cells: Cells): ScorerSensitivityFinding {
  const pairs: ScorerPair[] = []
  for (const t of cells.tasks.filter((x) => x.kind === 'classification')) {
    const steps = cells.fromSteps(t.task, 0)
    const s = steps.length ? steps[steps.length - 1]! : cells.baseSteps(t.task).at(-1)
    if (s === undefined) continue
    const read = (get: (metric: string) => Estimate | null) => {
      const tokenProb = get('accuracy')
      const generation = get(SCORER_METRIC)
      return tokenProb && generation ? { tokenProb, generation } : null
    }
    const base = read((metric) => cells.base(t.task, s, { metric }))
    const finetuned = read((metric) => cells.ft(t.task, s, 0, t.task, { metric }))
    if (base || finetuned) pairs.push({ task: t.task, step: s, majority: cells.majority(t.task), base, finetuned })
  }
  const head = { id: 'scorer-sensitivity' as const, number: 7, title: 'Scorer sensitivity: generation and TokenProb disagree before fine-tuning', series: { pairs } }
  const complete = pairs.filter((p) => p.base && p.finetuned)
  if (complete.length === 0) {
    const reason = 'no classification task is scored both by generation (generation-accuracy) and by TokenProb (accuracy), before and after fine-tuning'
    return { ...head, statement: `Not shown: ${reason}.`, verdict: 'cannot-judge', reason, numbers: [] }
  }
  const numbers: FindingNumber[] = complete.flatMap((p) => [
    { label: `${p.task} base, TokenProb`, estimate: p.base!.tokenProb },
    { label: `${p.task} base, generation`, estimate: p.base!.generation },
    { label: `${p.task} fine-tuned, TokenProb`, estimate: p.finetuned!.tokenProb },
    { label: `${p.task} fine-tuned, generation`, estimate: p.finetuned!.generation },
  ])
  const holds = complete.filter((p) => above(p.base!.tokenProb, p.base!.generation) && tie(p.finetuned!.tokenProb, p.finetuned!.generation))
  const p = holds[0] ?? complete[0]!
  const chance = p.majority === null ? '' : ` (majority baseline ${num(p.majority)})`
  const text = `${p.task} at ${step(p.step)}: the base model scores ${est(p.base!.generation)} by generation and ${est(p.base!.tokenProb)} by TokenProb${chance}; after fine-tuning ${est(p.finetuned!.generation)} and ${est(p.finetuned!.tokenProb)}`
  if (holds.length === 0)
    return { ...head, statement: `The scorers do not behave as the paper found on ${text}.`, verdict: 'does-not-hold', reason: `for ${list(complete.map((c) => c.task))}, either the base model's TokenProb score is not above its generation score, or after fine-tuning the two do not tie`, numbers }
  return { ...head, statement: `The scorer matters before fine-tuning, not after: ${text}.`, verdict: 'holds', reason: null, numbers }
}
