/**
 * A hand-written "model" for the evaluation tests: the log-probabilities at every position of
 * every row come from `next(prefix)`, where prefix is the row up to and including that
 * position, so a test states what the model predicts after any text. It records the shape of
 * each call, for tests of how the evaluators batch and window their calls.
 */
import type { Scorer } from '../../electron/core/engine/eval'

export function prefixScorer(vocabSize: number, context: number, next: (prefix: number[]) => Float32Array) {
  const calls: { batch: number; time: number }[] = []
  const scorer: Scorer = {
    vocabSize,
    context,
    logProbs(tokens, batch, time) {
      calls.push({ batch, time })
      const out = new Float32Array(batch * time * vocabSize)
      for (let b = 0; b < batch; b++)
        for (let t = 0; t < time; t++) out.set(next(Array.from(tokens.subarray(b * time, b * time + t + 1))), (b * time + t) * vocabSize)
      return out
    },
  }
  return { scorer, calls }
}
