import { describe, expect, it } from 'vitest'
import { classificationRows, classifyByRanking, classifyByTokenProb, labelDecidingTokens } from '../../electron/core/engine/eval'
import { tokenizerFromSpec } from '../../electron/core/engine/tokenizer'
import { AppError } from '../../electron/core/errors'
import { EvaluationCreate } from '../../shared'
import { simpleTemplate, type EvalTask, type Example } from '../../shared/eval'
import { prefixScorer } from '../helpers/prefix-scorer'

const tok = tokenizerFromSpec({ kind: 'byte' })
const V = tok.vocabSize
const code = (c: string) => c.charCodeAt(0)

const stubScorer = (context: number, next: (prefix: number[]) => Float32Array) => prefixScorer(V, context, next)

/** Examples from [input, label] pairs. */
const labelled = (...pairs: [input: string, label: string][]): Example[] => pairs.map(([input, label]) => ({ input, label }))

/** The text after the last demonstration separator: the query's own prompt. */
const queryText = (prefix: number[]) => tok.decode(prefix).split('\n\n').pop()!

const sentiment: EvalTask = { name: 'toy-sentiment', template: simpleTemplate({ instruction: 'Positive?', cue: 'Answer:' }), labels: ['yes', 'no'] }
const train = labelled(['good film', 'yes'], ['bad film', 'no'], ['good book', 'yes'], ['good song', 'yes'], ['bad song', 'no'])
const test = labelled(['good movie', 'yes'], ['bad movie', 'no'], ['good day', 'no'], ['bad day', 'no'])

/**
 * After "Answer: " the most likely token is 'z' (not a label); among the labels 'y' gets −1 and
 * 'n' −2 when the query says "good", the other way round otherwise. Right after "Answer:"
 * (before the space every answer starts with) the stub strongly prefers 'n', so reading the
 * wrong position would answer "no" everywhere.
 */
function sentimentModel(prefix: number[]): Float32Array {
  const lp = new Float32Array(V).fill(-10)
  const last = prefix[prefix.length - 1]
  const good = queryText(prefix).includes('good')
  if (last === code(' ') && prefix[prefix.length - 2] === code(':')) {
    lp[code('z')] = -0.05
    lp[code('y')] = good ? -1 : -2
    lp[code('n')] = good ? -2 : -1
  } else if (last === code(':')) {
    lp[code('n')] = -0.01
    lp[code('y')] = -5
  }
  return lp
}

describe('TokenProb classification', () => {
  const options = { task: sentiment, format: 'default' as const, shots: 2, train, test, seed: 5 }

  it('restricts the next-token distribution after the shared answer prefix to the label tokens', () => {
    const { scorer } = stubScorer(512, sentimentModel)
    const r = classifyByTokenProb(scorer, tok, options)
    expect(r.predictions).toEqual(['yes', 'no', 'yes', 'no'])
    expect(r.scores).toEqual([
      [-1, -2],
      [-2, -1],
      [-1, -2],
      [-2, -1],
    ])
    expect(r.correct).toEqual([1, 1, 0, 1])
    expect(r.accuracy.estimate).toBe(0.75)
    expect(r.accuracy.n).toBe(4)
    expect(r.accuracy.low).toBeLessThanOrEqual(0.75)
    expect(r.accuracy.high).toBe(1)
    // Train says "yes" 3:2, and one test label of four is "yes".
    expect(r.baseline).toEqual({ label: 'yes', accuracy: 0.25 })
    expect(r.truncated).toBe(0)
    // As rows for the store: accuracy with its interval, the baseline beside it.
    const rows = classificationRows({ checkpointId: 1, task: 'toy-sentiment', split: 'test', promptFormat: 'default', shots: 2 }, r)
    expect(rows.map((x) => [x.metric, x.value, x.n])).toEqual([
      ['accuracy', 0.75, 4],
      ['majority-baseline', 0.25, 4],
    ])
    for (const x of rows) expect(() => EvaluationCreate.parse(x)).not.toThrow()
  })

  it('batches prompts and gives the same answers one prompt per call', () => {
    const batched = stubScorer(512, sentimentModel)
    const single = stubScorer(512, sentimentModel)
    const a = classifyByTokenProb(batched.scorer, tok, options)
    const b = classifyByTokenProb(single.scorer, tok, { ...options, maxBatch: 1 })
    expect(b.scores).toEqual(a.scores)
    expect(single.calls).toHaveLength(4)
    expect(batched.calls.length).toBeLessThan(4)
  })

  it('breaks a tie toward the label listed first', () => {
    const { scorer } = stubScorer(512, () => new Float32Array(V).fill(-3))
    expect(classifyByTokenProb(scorer, tok, options).predictions).toEqual(['yes', 'yes', 'yes', 'yes'])
  })

  it('finds the deciding token after the prefix all answers share', () => {
    expect(labelDecidingTokens(tok, { task: sentiment, format: 'default' }, ['yes', 'no'])).toEqual({ shared: [32], deciding: [121, 110] })
    expect(labelDecidingTokens(tok, { task: sentiment, format: 'input-only' }, ['yes', 'no'])).toEqual({ shared: [], deciding: [121, 110] })
    // Two labels with a common start are decided by their first differing token.
    expect(labelDecidingTokens(tok, { task: sentiment, format: 'default' }, ['neutral', 'negative'])).toEqual({ shared: [32, 110, 101], deciding: [117, 103] })
  })

  it('refuses labels whose first tokens coincide, pointing to ranking', () => {
    const { scorer } = stubScorer(512, sentimentModel)
    // Only the leading space is shared by all three answers, so 'n' would have to decide both.
    const nli = { ...sentiment, labels: ['entailment', 'neutral', 'negative'] }
    const call = () => classifyByTokenProb(scorer, tok, { ...options, task: nli, test: [{ input: 'x', label: 'neutral' }] })
    expect(call).toThrow(AppError)
    expect(call).toThrow(/"neutral" and "negative" start with the same token.*rank/)
    const prefix = { ...sentiment, labels: ['ab', 'a'] }
    expect(() => classifyByTokenProb(scorer, tok, { ...options, task: prefix, test: [{ input: 'x', label: 'a' }] })).toThrow(/prefix/)
  })

  it('refuses test labels outside the task and a task without two labels', () => {
    const { scorer } = stubScorer(512, sentimentModel)
    expect(() => classifyByTokenProb(scorer, tok, { ...options, test: [{ input: 'x', label: 'maybe' }] })).toThrow(/"maybe", not one of yes, no/)
    expect(() => classifyByTokenProb(scorer, tok, { ...options, task: { ...sentiment, labels: ['yes'] } })).toThrow(/at least two labels/)
  })
})

describe('ranking classification', () => {
  const nli: EvalTask = { name: 'toy-nli', template: simpleTemplate({ instruction: 'Relation?', cue: 'Answer:' }), labels: ['neutral', 'negative'] }
  const nliTrain = labelled(['calm sea', 'neutral'], ['tense talk', 'negative'], ['tense game', 'negative'])
  const nliTest = labelled(['calm lake', 'neutral'], ['tense day', 'negative'], ['calm wind', 'negative'])

  /**
   * Every token gets −1, except the one that follows the previous character in the word the
   * query "means" ("neutral" for calm, "negative" for tense; a space is followed by 'n'), which
   * gets −0.1. Hand-computed totals of the 8- and 9-token answers:
   *   calm:  " neutral"  = −1 (space after ':') + 7·(−0.1)            = −1.7
   *          " negative" = −1 + 2·(−0.1) (n, e) + 6·(−1) (g a t i v e) = −7.2
   *   tense: " neutral"  = −1 + 2·(−0.1) (n, e) + 5·(−1) (u t r a l)  = −6.2
   *          " negative" = −1 + 8·(−0.1)                              = −1.8
   */
  function wordModel(prefix: number[]): Float32Array {
    const word = queryText(prefix).includes('calm') ? ' neutral' : ' negative'
    const lp = new Float32Array(V).fill(-1)
    const prev = String.fromCharCode(prefix[prefix.length - 1]!)
    const at = word.indexOf(prev)
    if (at >= 0 && at + 1 < word.length) lp[code(word[at + 1]!)] = -0.1
    return lp
  }

  const options = { task: nli, format: 'default' as const, shots: 1, train: nliTrain, test: nliTest, seed: 9 }

  it('sums teacher-forced log-probs of each full label and takes the best', () => {
    const { scorer } = stubScorer(512, wordModel)
    const r = classifyByRanking(scorer, tok, options)
    const expected = [
      [-1.7, -7.2],
      [-6.2, -1.8],
      [-1.7, -7.2],
    ]
    r.scores.forEach((row, i) => row.forEach((s, j) => expect(s).toBeCloseTo(expected[i]![j]!, 5)))
    expect(r.predictions).toEqual(['neutral', 'negative', 'neutral'])
    expect(r.correct).toEqual([1, 1, 0])
    expect(r.accuracy.estimate).toBeCloseTo(2 / 3, 12)
    expect(r.baseline).toEqual({ label: 'negative', accuracy: 2 / 3 })
  })

  it('truncates long prompts from the left and scores the same batched or not', () => {
    // Context 16: "Answer:" plus the 8 answer tokens still fit after the query loses its start.
    const a = stubScorer(16, wordModel)
    const b = stubScorer(16, wordModel)
    const long = { ...options, shots: 0, test: [{ input: 'calm and very long winded input', label: 'neutral' }, { input: 'tense', label: 'negative' }] }
    const r = classifyByRanking(a.scorer, tok, long)
    expect(classifyByRanking(b.scorer, tok, { ...long, maxBatch: 1 }).scores).toEqual(r.scores)
    expect(r.truncated).toBe(2)
    for (const c of a.calls) expect(c.time).toBeLessThanOrEqual(16)
    // The long query lost "calm" to truncation, so the stub reads it as tense.
    expect(r.predictions).toEqual(['negative', 'negative'])
  })
})
