/**
 * Finding 3: an early checkpoint, once fine-tuned, beats the final base model on the
 * fine-tuned task. Per fine-tuned task, the earliest checkpoint (before the final one) whose
 * fine-tuned score (no replay) is above the final base score (separation, estimate.ts). It
 * holds when such a checkpoint exists for at least one task.
 */
import type { Cells } from './cells'
import { above } from './estimate'
import { est, list, step } from './text'
import type { Estimate, FindingBase, FindingNumber } from './types'

export interface EarlyVsFinal {
  task: string
  finalStep: number
  finalBase: Estimate
  /** The earliest checkpoint whose fine-tune beats the final base; null when none does. */
  beatenFrom: { step: number; finetuned: Estimate } | null
  earliest: { step: number; finetuned: Estimate }
}

export type EarlyBeatsFinalFinding = FindingBase<'early-beats-final', { tasks: EarlyVsFinal[] }>

export function earlyBeatsFinal(cells: Cells): EarlyBeatsFinalFinding {
  const tasks: EarlyVsFinal[] = []
  for (const task of cells.trainedTasks()) {
    const baseSteps = cells.baseSteps(task)
    const finalStep = baseSteps[baseSteps.length - 1]
    if (finalStep === undefined) continue
    const finalBase = cells.base(task, finalStep)!
    const early = cells.fromSteps(task, 0).filter((s) => s < finalStep && cells.ft(task, s, 0, task))
    if (early.length === 0) continue
    const first = early.find((s) => above(cells.ft(task, s, 0, task)!, finalBase))
    tasks.push({ task, finalStep, finalBase, beatenFrom: first === undefined ? null : { step: first, finetuned: cells.ft(task, first, 0, task)! }, earliest: { step: early[0]!, finetuned: cells.ft(task, early[0]!, 0, task)! } })
  }
  const base = { id: 'early-beats-final' as const, number: 3, title: 'An early checkpoint, fine-tuned, beats the final base model', series: { tasks } }
  if (tasks.length === 0) {
    const reason = 'no task has both a base evaluation at the final checkpoint and a fine-tune (no replay) from an earlier one'
    return { ...base, statement: `Not shown: ${reason}.`, verdict: 'cannot-judge', reason, numbers: [] }
  }
  const numbers: FindingNumber[] = tasks.flatMap((t) => [
    { label: `${t.task} base at the final ${step(t.finalStep)}`, estimate: t.finalBase },
    { label: `${t.task} fine-tuned from ${step((t.beatenFrom ?? t.earliest).step)}`, estimate: (t.beatenFrom ?? t.earliest).finetuned },
  ])
  const winners = tasks.filter((t) => t.beatenFrom).sort((a, b) => a.beatenFrom!.step - b.beatenFrom!.step)
  if (winners.length === 0) {
    const t = tasks[0]!
    return {
      ...base,
      statement: `No earlier checkpoint, fine-tuned, beats the final base model: ${t.task} fine-tuned from ${step(t.earliest.step)} scores ${est(t.earliest.finetuned)} against the base's ${est(t.finalBase)} at ${step(t.finalStep)}.`,
      verdict: 'does-not-hold',
      reason: `for ${list(tasks.map((x) => x.task))}, no fine-tune from a checkpoint before the final one is above the final base score beyond the intervals`,
      numbers,
    }
  }
  const w = winners[0]!
  const losers = tasks.filter((t) => !t.beatenFrom).map((t) => t.task)
  return {
    ...base,
    statement: `Fine-tuned from ${step(w.beatenFrom!.step)}, ${w.task} scores ${est(w.beatenFrom!.finetuned)}, above the final base model's ${est(w.finalBase)} at ${step(w.finalStep)}.${losers.length ? ` Not so for ${list(losers)}.` : ''}`,
    verdict: 'holds',
    reason: null,
    numbers,
  }
}
