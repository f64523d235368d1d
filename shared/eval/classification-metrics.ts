/**
 * Accuracy and the majority-class baseline. Per-example correctness is returned as 0/1
 * numbers so it can go straight into bootstrapInterval.
 */
import { mean } from './bootstrap'

function sameLength(what: string, a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new RangeError(`${what}: ${a.length} predictions for ${b.length} labels`)
}

/** 1 where the prediction equals the gold label, else 0. */
export function correctness(predictions: readonly string[], labels: readonly string[]): number[] {
  sameLength('correctness', predictions, labels)
  return predictions.map((p, i) => (p === labels[i] ? 1 : 0))
}

/** Fraction of predictions equal to the gold label. */
export function accuracy(predictions: readonly string[], labels: readonly string[]): number {
  if (labels.length === 0) throw new RangeError('accuracy: there are no examples')
  return mean(correctness(predictions, labels))
}

export interface MajorityBaseline {
  /** The most frequent label in the training split. */
  label: string
  /** Accuracy of always predicting it on the test labels. */
  accuracy: number
  correct: number[]
}

/**
 * Always predict the most frequent TRAIN label. A tie goes to the label that sorts first
 * (plain code-unit order), so the baseline does not depend on the order of the training data.
 * The majority is taken on train, not test: peeking at the test distribution would flatter
 * the baseline.
 */
export function majorityBaseline(trainLabels: readonly string[], testLabels: readonly string[]): MajorityBaseline {
  if (trainLabels.length === 0) throw new RangeError('majorityBaseline: the training split has no labels')
  if (testLabels.length === 0) throw new RangeError('majorityBaseline: the test split has no labels')
  const counts = new Map<string, number>()
  for (const l of trainLabels) counts.set(l, (counts.get(l) ?? 0) + 1)
  let label = ''
  let best = -1
  for (const [l, c] of counts) if (c > best || (c === best && l < label)) [label, best] = [l, c]
  const correct = testLabels.map((l) => (l === label ? 1 : 0))
  return { label, accuracy: mean(correct), correct }
}
