/**
 * Classification by the model's own preference among the task's label strings, two ways:
 *
 * - TokenProb (the paper's method): the next-token distribution right after the prompt,
 *   restricted to the FIRST token of each label's answer text, argmax. Multi-token labels are
 *   represented by their first token only — exact for single-token labels (the paper's BPE
 *   vocabulary), an approximation otherwise. Tokens every label's answer starts with (e.g. the
 *   space before it, with a byte tokenizer) carry no information, so they are appended to the
 *   prompt and the first token AFTER them decides ("neutral"/"negative" by 'u'/'g'). Labels
 *   whose deciding tokens still coincide (entailment/neutral/negative with a byte tokenizer:
 *   only the space is shared, and 'n' starts two of them) cannot be told apart this way: that
 *   is a BAD_REQUEST that points to ranking.
 * - Ranking: each label's full answer text scored teacher-forced after the prompt, by total
 *   log-likelihood (sum over its tokens). The sum favours shorter labels; that is the method as
 *   specified, so compare label sets of similar length or read `scores` yourself.
 *
 * Both return per-example predictions and correctness, accuracy with a bootstrap interval,
 * and the majority-class baseline (most frequent train label) beside it. Ties go to the
 * label listed first in the task.
 */
import { correctness, majorityBaseline, type Interval } from '../../../../shared/eval'
import type { Tokenizer } from '../tokenizer'
import { badRequest, encodePrompts, intervalOf, type PromptSetOptions } from './prompts'
import { scoreSequences, truncateLeft, type BatchOptions, type Scorer } from './scorer'

export type ClassificationMethod = 'token-prob' | 'rank'

export interface ClassificationOptions extends PromptSetOptions, BatchOptions {}

export interface ClassificationResult {
  method: ClassificationMethod
  labels: readonly string[]
  predictions: string[]
  /** 1 where the prediction is the gold label. */
  correct: number[]
  /** Per example, per label (task order): the log-prob of the deciding token (token-prob) or of the whole answer (rank). */
  scores: number[][]
  accuracy: Interval
  baseline: { label: string; accuracy: number }
  /** Prompts that lost their beginning to fit the context. */
  truncated: number
}

export function classifyByTokenProb(scorer: Scorer, tokenizer: Tokenizer, o: ClassificationOptions): ClassificationResult {
  const labels = checkLabels(o)
  const { shared, deciding } = labelDecidingTokens(tokenizer, o, labels)
  const prompts = encodePrompts(tokenizer, o)
  const V = scorer.vocabSize
  let truncated = 0
  const rows = prompts.map((p) => {
    const full = [...p, ...shared]
    if (full.length > scorer.context) truncated++
    return truncateLeft(full, scorer.context)
  })
  const scores: number[][] = new Array(rows.length)
  scoreSequences(
    scorer,
    rows,
    (i, lp, offset) => {
      const last = offset + (rows[i]!.length - 1) * V
      scores[i] = deciding.map((t) => lp[last + t]!)
    },
    o,
  )
  return finish('token-prob', labels, scores, truncated, o)
}

export function classifyByRanking(scorer: Scorer, tokenizer: Tokenizer, o: ClassificationOptions): ClassificationResult {
  const labels = checkLabels(o)
  const answers = labels.map((l) => tokenizer.encode(o.task.template.answer(l, o.format)))
  for (const [j, a] of answers.entries()) {
    if (a.length === 0) throw badRequest(`${o.task.name}: label "${labels[j]}" encodes to no tokens`)
    if (a.length > scorer.context) throw badRequest(`${o.task.name}: label "${labels[j]}" is ${a.length} tokens, longer than the context (${scorer.context})`)
  }
  const prompts = encodePrompts(tokenizer, o)
  const V = scorer.vocabSize
  const truncatedPrompts = new Set<number>()
  // One row per (example, label): the prompt and the answer minus its last token, whose
  // positions predict the answer's tokens one by one.
  const rows: number[][] = []
  for (const [i, p] of prompts.entries())
    for (const a of answers) {
      const inputs = [...p, ...a.slice(0, -1)]
      if (inputs.length > scorer.context) truncatedPrompts.add(i)
      rows.push(truncateLeft(inputs, scorer.context))
    }
  const scores: number[][] = prompts.map(() => new Array<number>(labels.length))
  scoreSequences(
    scorer,
    rows,
    (r, lp, offset) => {
      const i = Math.floor(r / labels.length)
      const j = r % labels.length
      const a = answers[j]!
      // Answer token k sits at input position len − |a| + k + 1, so it is predicted at len − |a| + k.
      const first = rows[r]!.length - a.length
      let sum = 0
      for (let k = 0; k < a.length; k++) sum += lp[offset + (first + k) * V + a[k]!]!
      scores[i]![j] = sum
    },
    o,
  )
  return finish('rank', labels, scores, truncatedPrompts.size, o)
}

/**
 * The tokens every label's answer text starts with (`shared`), and for each label the first
 * token after them (`deciding`), in task order.
 */
export function labelDecidingTokens(
  tokenizer: Tokenizer,
  o: Pick<ClassificationOptions, 'task' | 'format'>,
  labels: readonly string[],
): { shared: number[]; deciding: number[] } {
  const answers = labels.map((l) => tokenizer.encode(o.task.template.answer(l, o.format)))
  let n = 0
  while (answers.every((a) => n < a.length && a[n] === answers[0]![n])) n++
  const shared = answers[0]!.slice(0, n)
  const deciding = answers.map((a, j) => {
    if (a.length === n) throw badRequest(`${o.task.name}: label "${labels[j]}" is a prefix of every other label, so no token after it can tell them apart; use ranking`)
    return a[n]!
  })
  for (let j = 1; j < deciding.length; j++) {
    const k = deciding.indexOf(deciding[j]!)
    if (k < j)
      throw badRequest(
        `${o.task.name}: labels "${labels[k]}" and "${labels[j]}" start with the same token, so TokenProb cannot tell them apart; rank full labels instead or choose labels with distinct first tokens`,
      )
  }
  return { shared, deciding }
}

function checkLabels(o: ClassificationOptions): readonly string[] {
  const labels = o.task.labels
  if (!labels || labels.length < 2) throw badRequest(`${o.task.name}: a classification task needs at least two labels`)
  if (new Set(labels).size !== labels.length) throw badRequest(`${o.task.name}: the labels have duplicates`)
  for (const [i, e] of o.test.entries())
    if (e.label === undefined || !labels.includes(e.label))
      throw badRequest(`${o.task.name}: test example ${i} has label ${JSON.stringify(e.label)}, not one of ${labels.join(', ')}`)
  return labels
}

function finish(method: ClassificationMethod, labels: readonly string[], scores: number[][], truncated: number, o: ClassificationOptions): ClassificationResult {
  const predictions = scores.map((s) => labels[argmaxFirst(s)]!)
  const gold = o.test.map((e) => e.label!)
  const correct = correctness(predictions, gold)
  const trainLabels = o.train.flatMap((e) => (e.label === undefined ? [] : [e.label]))
  if (trainLabels.length === 0) throw badRequest(`${o.task.name}: the training split has no labels for the majority baseline`)
  const base = majorityBaseline(trainLabels, gold)
  const accuracy = intervalOf(correct, o, 'accuracy')
  return { method, labels, predictions, correct, scores, accuracy, baseline: { label: base.label, accuracy: base.accuracy }, truncated }
}

/** Index of the largest value; the earliest wins a tie. */
function argmaxFirst(values: readonly number[]): number {
  let best = 0
  for (let j = 1; j < values.length; j++) if (values[j]! > values[best]!) best = j
  return best
}
