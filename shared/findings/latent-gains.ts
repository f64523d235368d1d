/**
 * Finding 1, latent gains (the paper's Figure 1): for a task not learned in pre-training, the
 * score after fine-tuning rises with the checkpoint fine-tuned from, while the base model
 * stays where it was. Rule: it rises when the last checkpoint's fine-tuned score is above
 * the first's (interval separation, estimate.ts); it holds when it rises for at least one
 * not-learned task, and the sentence names the tasks where it does not. "Then flattens"
 * is reported, not judged: the last two checkpoints tie or not.
 */
import type { Cells } from './cells'
import { above, tie } from './estimate'
import { est, list, step } from './text'
import type { Estimate, FindingBase, FindingNumber } from './types'

export interface CheckpointPoint {
  step: number
  /** Tokens the checkpoint had seen; null when no base evaluation gives it. */
  tokens: number | null
  finetuned: Estimate | null
  base: Estimate | null
}

export interface TaskCurve {
  task: string
  learned: boolean | null
  metric: string
  points: CheckpointPoint[]
}

export type LatentGainsFinding = FindingBase<'latent-gains', { curves: TaskCurve[] }>

/** Per fine-tuned task, its score after fine-tuning (no replay) and the base's, by checkpoint. */
export function checkpointCurves(cells: Cells): TaskCurve[] {
  return cells.trainedTasks().flatMap((task) => {
    const steps = [...new Set([...cells.fromSteps(task, 0), ...cells.baseSteps(task)])].sort((a, b) => a - b)
    const points = steps.map((s) => ({ step: s, tokens: cells.tokensAt(s), finetuned: cells.ft(task, s, 0, task), base: cells.base(task, s) }))
    if (!points.some((p) => p.finetuned)) return []
    return [{ task, learned: cells.info(task)?.learned ?? null, metric: cells.metricOf(task) ?? '', points }]
  })
}

export function latentGains(cells: Cells): LatentGainsFinding {
  const curves = checkpointCurves(cells)
  const base = { id: 'latent-gains' as const, number: 1, title: 'Latent gains: fine-tuning reveals what pre-training built', series: { curves } }
  const eligible = curves.filter((c) => c.learned === false && c.points.filter((p) => p.finetuned).length >= 2)
  if (eligible.length === 0) {
    const why = curves.length === 0 ? 'no fine-tune without replay is evaluated on its own task' : 'no task that was not learned in pre-training is fine-tuned from two or more checkpoints'
    return { ...base, statement: `Not shown: ${why}.`, verdict: 'cannot-judge', reason: why, numbers: [] }
  }
  const numbers: FindingNumber[] = []
  const judged = eligible.map((c) => {
    const ft = c.points.filter((p) => p.finetuned)
    const first = ft[0]!
    const last = ft[ft.length - 1]!
    const prev = ft[ft.length - 2]!
    numbers.push({ label: `${c.task} fine-tuned from ${step(first.step)}`, estimate: first.finetuned! }, { label: `${c.task} fine-tuned from ${step(last.step)}`, estimate: last.finetuned! })
    if (first.base) numbers.push({ label: `${c.task} base at ${step(first.step)}`, estimate: first.base })
    if (last.base) numbers.push({ label: `${c.task} base at ${step(last.step)}`, estimate: last.base })
    return { c, first, last, prev, rises: above(last.finetuned!, first.finetuned!), flattens: tie(last.finetuned!, prev.finetuned!) }
  })
  const rising = judged.filter((j) => j.rises)
  // The headline: the rising task with the largest rise (or, when none rises, the largest change).
  const pick = (rising.length ? rising : judged).reduce((a, b) => (b.last.finetuned!.value - b.first.finetuned!.value > a.last.finetuned!.value - a.first.finetuned!.value ? b : a))
  const baseText =
    pick.first.base && pick.last.base ? `, while the base model goes ${est(pick.first.base)} → ${est(pick.last.base)}` : ' (no base evaluation at those checkpoints)'
  const shape = pick.rises ? (pick.flattens ? `; ${step(pick.prev.step)} and ${step(pick.last.step)} tie, so it flattens` : '; still rising at the last checkpoint') : ''
  const others = judged.filter((j) => !j.rises).map((j) => j.c.task)
  const tail = rising.length && others.length ? ` It does not rise for ${list(others)}.` : ''
  const numbersText = `${est(pick.first.finetuned!)} at ${step(pick.first.step)} → ${est(pick.last.finetuned!)} at ${step(pick.last.step)}`
  if (rising.length === 0) {
    const reason = `no not-learned task scores higher, beyond the intervals, after fine-tuning from the last checkpoint than from the first (${list(judged.map((j) => j.c.task))})`
    return { ...base, statement: `Fine-tuning from later checkpoints does not score higher on ${pick.c.task}: ${numbersText}${baseText}.`, verdict: 'does-not-hold', reason, numbers }
  }
  return { ...base, statement: `Fine-tuning from later checkpoints scores higher on ${pick.c.task}: ${numbersText}${baseText}${shape}.${tail}`, verdict: 'holds', reason: null, numbers }
}
