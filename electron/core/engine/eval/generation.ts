/**
 * Generation tasks (the paper's XSum): greedy decoding from the k-shot prompt, scored against
 * each example's target by exact match and ROUGE-L F (normalisation in shared/eval/text-metrics),
 * each with a bootstrap interval over examples.
 */
import { exactMatch, rougeL, type Interval } from '../../../../shared/eval'
import type { Tokenizer } from '../tokenizer'
import { decodedText, greedyDecode, newlineTokens, type StopReason } from './greedy'
import { badRequest, encodePrompts, intervalOf, type PromptSetOptions } from './prompts'
import type { BatchOptions, Scorer } from './scorer'

export const DEFAULT_MAX_NEW_TOKENS = 64

export interface GenerationOptions extends PromptSetOptions, BatchOptions {
  /** Overrides the task's maxNewTokens (default 64). */
  maxNewTokens?: number
  /** Overrides the task's stopAtNewline (default false). Decoding always stops at eos. */
  stopAtNewline?: boolean
}

export interface GenerationResult {
  predictions: string[]
  stops: StopReason[]
  /** Per example: 1 if the prediction matches the target after normalisation. */
  exactMatch: number[]
  /** Per example: ROUGE-L F1 against the target. */
  rougeL: number[]
  exactMatchInterval: Interval
  rougeLInterval: Interval
  /** Prompts longer than the context, which lost their beginning (as TokenProb counts them); shorter prompts are decoded whole. */
  truncated: number
}

export function evaluateGeneration(scorer: Scorer, tokenizer: Tokenizer, o: GenerationOptions): GenerationResult {
  const maxNewTokens = o.maxNewTokens ?? o.task.maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1 || maxNewTokens > 4096)
    throw badRequest(`maxNewTokens must be an integer in 1..4096, got ${maxNewTokens}`)
  for (const [i, e] of o.test.entries())
    if (e.target === undefined) throw badRequest(`${o.task.name}: test example ${i} has no target to compare with`)
  const prompts = encodePrompts(tokenizer, o)
  const stopAtNewline = o.stopAtNewline ?? o.task.stopAtNewline ?? false
  const decoded = greedyDecode(scorer, prompts, {
    maxNewTokens,
    eos: tokenizer.eos,
    newlines: stopAtNewline ? newlineTokens(tokenizer) : undefined,
    maxLogProbs: o.maxLogProbs,
    maxBatch: o.maxBatch,
  })
  const predictions = decoded.map((d) => decodedText(tokenizer, d))
  const em = predictions.map((p, i) => (exactMatch(p, o.test[i]!.target!) ? 1 : 0))
  const rl = predictions.map((p, i) => rougeL(p, o.test[i]!.target!).f)
  return {
    predictions,
    stops: decoded.map((d) => d.stop),
    exactMatch: em,
    rougeL: rl,
    exactMatchInterval: intervalOf(em, o, 'exact match'),
    rougeLInterval: intervalOf(rl, o, 'ROUGE-L'),
    truncated: prompts.filter((p) => p.length > scorer.context).length,
  }
}
