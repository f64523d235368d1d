/**
 * Finding 2, the dichotomy: fine-tuning gains little on tasks learned in pre-training and a
 * lot on the others. Per fine-tuned task, its gain (fine-tuned − base, no replay) at the
 * latest checkpoint it was fine-tuned from; per group, the mean gain (estimate.ts). Rule: it
 * holds when the not-learned group's mean gain is above the learned group's (separation).
 */
import type { Cells } from './cells'
import { above, difference, meanOf } from './estimate'
import { est, step } from './text'
import type { Estimate, FindingBase, FindingNumber } from './types'

export interface TaskGain {
  task: string
  learned: boolean
  fromStep: number
  gain: Estimate
}

export type DichotomyFinding = FindingBase<'dichotomy', { gains: TaskGain[]; learned: Estimate | null; notLearned: Estimate | null; unknown: string[] }>

export function taskGains(cells: Cells): { gains: TaskGain[]; unknown: string[] } {
  const gains: TaskGain[] = []
  const unknown: string[] = []
  for (const task of cells.trainedTasks()) {
    const learned = cells.info(task)?.learned ?? null
    const steps = cells.fromSteps(task, 0).filter((s) => cells.ft(task, s, 0, task) && cells.base(task, s))
    if (steps.length === 0) continue
    if (learned === null) {
      unknown.push(task)
      continue
    }
    const s = steps[steps.length - 1]!
    gains.push({ task, learned, fromStep: s, gain: difference(cells.ft(task, s, 0, task)!, cells.base(task, s)!) })
  }
  return { gains, unknown }
}

export function dichotomy(cells: Cells): DichotomyFinding {
  const { gains, unknown } = taskGains(cells)
  const learned = meanOf(gains.filter((g) => g.learned).map((g) => g.gain))
  const notLearned = meanOf(gains.filter((g) => !g.learned).map((g) => g.gain))
  const base = { id: 'dichotomy' as const, number: 2, title: 'Dichotomy: fine-tuning helps most where pre-training did not teach', series: { gains, learned, notLearned, unknown } }
  const numbers: FindingNumber[] = gains.map((g) => ({ label: `gain on ${g.task} (${g.learned ? 'learned' : 'not learned'}) from ${step(g.fromStep)}`, estimate: g.gain }))
  const unknownText = unknown.length ? ` (${unknown.join(', ')}: not known whether learned)` : ''
  if (!learned || !notLearned) {
    const missing = !learned && !notLearned ? 'no fine-tuned task has both a base and a fine-tuned score' : !learned ? 'no task learned in pre-training is fine-tuned' : 'no task that was not learned in pre-training is fine-tuned'
    return { ...base, statement: `Not shown: ${missing}${unknownText}.`, verdict: 'cannot-judge', reason: missing + unknownText, numbers }
  }
  numbers.push({ label: 'mean gain, learned in pre-training', estimate: learned }, { label: 'mean gain, not learned', estimate: notLearned })
  const nums = `${est(notLearned)} on tasks not learned in pre-training against ${est(learned)} on learned ones`
  if (above(notLearned, learned)) return { ...base, statement: `Fine-tuning gains more where pre-training did not teach: ${nums}${unknownText}.`, verdict: 'holds', reason: null, numbers }
  return { ...base, statement: `Fine-tuning does not gain more on tasks not learned in pre-training: ${nums}${unknownText}.`, verdict: 'does-not-hold', reason: 'the two groups’ mean gains are not separated by their intervals, or the learned group gains more', numbers }
}
