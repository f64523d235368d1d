/**
 * Finding 4, forgetting: fine-tuning (no replay) lowers the tasks it was not trained on,
 * MRC < 0 (the paper's mean ratio of change, shared/forgetting.ts), and classification
 * fine-tuning hurts generation tasks more than generation fine-tuning hurts classification.
 *
 * Held-out tasks are those the base model can do at the checkpoint fine-tuned from: above
 * the majority baseline (classification) or above 0.05 (generation; ROUGE-L of unrelated
 * text is a few hundredths), with the whole interval. A model can only forget what it can
 * do, and a ratio over a base near 0 is noise (0.006 → 0.02 reads +230%).
 * Intervals: each ratio is (ft − base)/base with the difference rule; MRC the mean rule.
 * Rules: MRC < 0 when its interval lies below 0; "hurts more" by separation. Each branch is
 * read at the latest checkpoint its task was fine-tuned from.
 */
import { meanRatioOfChange } from '../forgetting'
import type { Cells } from './cells'
import { above, difference, meanOf, point, scale } from './estimate'
import { est, list, signedEst, step } from './text'
import type { Estimate, FindingBase, FindingNumber } from './types'

export interface HeldOutChange {
  task: string
  kind: 'classification' | 'generation'
  base: Estimate
  finetuned: Estimate
  ratio: Estimate
}

export interface BranchForgetting {
  trained: string
  trainedKind: 'classification' | 'generation'
  fromStep: number
  mrc: Estimate | null
  heldOut: HeldOutChange[]
}

export type ForgettingFinding = FindingBase<'forgetting', { branches: BranchForgetting[]; mrc: Estimate | null; classificationOnGeneration: Estimate | null; generationOnClassification: Estimate | null }>

/** Whether the base model can do the task, with its whole interval (see above). */
export function canDo(cells: Cells, task: string, e: Estimate): boolean {
  const kind = cells.info(task)?.kind
  if (kind === 'corpus') return false
  return e.low > (kind === 'classification' ? (cells.majority(task) ?? 0) : 0.05)
}

export function branchForgetting(cells: Cells, trained: string, fromStep: number, replay: number): BranchForgetting | null {
  const trainedKind = cells.info(trained)?.kind
  if (trainedKind !== 'classification' && trainedKind !== 'generation') return null
  const heldOut: HeldOutChange[] = []
  for (const t of cells.tasks) {
    if (t.task === trained || t.kind === 'corpus') continue
    const b = cells.base(t.task, fromStep)
    const f = cells.ft(trained, fromStep, replay, t.task)
    if (!b || !f || !canDo(cells, t.task, b)) continue
    heldOut.push({ task: t.task, kind: t.kind, base: b, finetuned: f, ratio: scale(difference(f, b), 1 / b.value) })
  }
  const mean = meanOf(heldOut.map((h) => h.ratio))
  // The value is the shared definition's; the interval is the mean rule's.
  const mrc = mean && { ...mean, value: meanRatioOfChange(heldOut.map((h) => ({ base: h.base.value, finetuned: h.finetuned.value }))).mrc ?? mean.value }
  return { trained, trainedKind, fromStep, mrc, heldOut }
}

export function forgetting(cells: Cells): ForgettingFinding {
  const branches = cells.trainedTasks().flatMap((t) => {
    const steps = cells.fromSteps(t, 0)
    const b = steps.length ? branchForgetting(cells, t, steps[steps.length - 1]!, 0) : null
    return b && b.heldOut.length ? [b] : []
  })
  const mrc = meanOf(branches.map((b) => b.mrc!))
  const cross = (from: 'classification' | 'generation') =>
    meanOf(branches.filter((b) => b.trainedKind === from).flatMap((b) => b.heldOut.filter((h) => h.kind !== from).map((h) => h.ratio)))
  const cOnG = cross('classification')
  const gOnC = cross('generation')
  const base = { id: 'forgetting' as const, number: 4, title: 'Forgetting: fine-tuning lowers what it does not train', series: { branches, mrc, classificationOnGeneration: cOnG, generationOnClassification: gOnC } }
  const numbers: FindingNumber[] = branches.map((b) => ({ label: `MRC after fine-tuning on ${b.trained} from ${step(b.fromStep)} (${b.heldOut.map((h) => h.task).join(', ')})`, estimate: b.mrc! }))
  if (!mrc) {
    const reason = 'no fine-tune without replay is evaluated on a held-out task that its base model can do'
    return { ...base, statement: `Not shown: ${reason}.`, verdict: 'cannot-judge', reason, numbers }
  }
  numbers.push({ label: 'mean MRC', estimate: mrc })
  if (cOnG) numbers.push({ label: 'classification fine-tuning, ratio of change on generation tasks', estimate: cOnG })
  if (gOnC) numbers.push({ label: 'generation fine-tuning, ratio of change on classification tasks', estimate: gOnC })
  const lowers = above(point(0), mrc)
  const first = `Fine-tuning without replay changes held-out tasks by MRC ${signedEst(mrc)} (fine-tuned on ${list(branches.map((b) => b.trained))})`
  const crossText = cOnG && gOnC ? `; classification fine-tuning changes generation tasks by ${signedEst(cOnG)}, generation fine-tuning changes classification tasks by ${signedEst(gOnC)}` : ''
  const missing = !cOnG || !gOnC ? `no ${!cOnG ? 'classification fine-tune evaluated on a generation task' : 'generation fine-tune evaluated on a classification task'} the base can do` : null
  if (!lowers) return { ...base, statement: `${first}: not below 0${crossText}.`, verdict: 'does-not-hold', reason: `the MRC interval ${est(mrc)} does not lie below 0`, numbers }
  if (missing) return { ...base, statement: `${first}${crossText}; whether classification fine-tuning hurts generation more cannot be judged.`, verdict: 'cannot-judge', reason: missing, numbers }
  if (!above(gOnC!, cOnG!)) return { ...base, statement: `${first}${crossText}: classification fine-tuning does not hurt generation more, beyond the intervals.`, verdict: 'does-not-hold', reason: 'the two cross-kind changes are not separated by their intervals, or generation fine-tuning hurts more', numbers }
  return { ...base, statement: `${first}${crossText}.`, verdict: 'holds', reason: null, numbers }
}
