/**
 * What evaluation needs from a model: next-token log-probabilities for a batch of equal-length
 * token rows. Every eval function takes a Scorer rather than a Gpt, so tests can inject a stub
 * whose log-probabilities they control; `gptScorer` adapts the real model.
 */
import type { Gpt } from '../model'
import { KvDecoder, type IncrementalDecoder } from './kv-decoder'

export interface Scorer {
  readonly vocabSize: number
  /** The longest row the model accepts. */
  readonly context: number
  /** [batch·time·vocab] row-major; position t holds the distribution of token t+1. */
  logProbs(tokens: Int32Array, batch: number, time: number): Float32Array
  /**
   * Optional: a cached decoder for generation. Without one, generation re-scores the whole
   * window for every new token (fine for stubs, slow for real models).
   */
  decoder?(): IncrementalDecoder
}

export function gptScorer(gpt: Gpt, params: Float32Array): Scorer {
  return {
    vocabSize: gpt.config.vocab,
    context: gpt.config.context,
    logProbs: (tokens, batch, time) => gpt.logProbs(params, tokens, batch, time),
    decoder: () => new KvDecoder(gpt.config, params, gpt.ops),
  }
}

export interface BatchOptions {
  /**
   * Upper bound on batch·time·vocab per call — the size of the log-prob array a call returns,
   * which dominates memory for large vocabularies. Default 4M floats (16 MB).
   */
  maxLogProbs?: number
  /** Upper bound on rows per call. Default 128. */
  maxBatch?: number
}

/** Receives sequence `index`: position t's distribution is logProbs[offset + t·V, offset + (t+1)·V). */
export type RowVisitor = (index: number, logProbs: Float32Array, offset: number) => void

const DEFAULT_MAX_LOG_PROBS = 1 << 22
const DEFAULT_MAX_BATCH = 128

/**
 * Runs every sequence through the scorer in few calls: sequences are sorted by length and
 * packed into batches of similar length (the longest at most twice the shortest, so padding
 * wastes at most half a batch), right-padded — the model is causal, so padding after a row's
 * end cannot change its positions. Rows must already fit the context.
 */
export function scoreSequences(
  scorer: Scorer,
  sequences: readonly ArrayLike<number>[],
  visit: RowVisitor,
  options: BatchOptions = {},
): void {
  for (const [i, s] of sequences.entries())
    if (s.length < 1 || s.length > scorer.context)
      throw new RangeError(`scoreSequences: sequence ${i} has ${s.length} tokens; it must have 1..${scorer.context}`)
  for (const group of groupBySimilarLength(sequences.map((s) => s.length), scorer.vocabSize, options)) runBatch(scorer, sequences, group, visit)
}

/**
 * Indices of the sequences, grouped for batching: sorted by length, each group's longest at
 * most twice its shortest, at most `maxBatch` rows and `maxLogProbs` / vocab row-positions.
 */
export function groupBySimilarLength(lengths: readonly number[], vocab: number, options: BatchOptions = {}): number[][] {
  const budget = options.maxLogProbs ?? DEFAULT_MAX_LOG_PROBS
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b)
  const groups: number[][] = []
  let start = 0
  while (start < order.length) {
    const shortest = lengths[order[start]!]!
    let end = start + 1
    while (end < order.length && end - start < maxBatch) {
      const len = lengths[order[end]!]!
      if (len > 2 * shortest || (end - start + 1) * len * vocab > budget) break
      end++
    }
    groups.push(order.slice(start, end))
    start = end
  }
  return groups
}

function runBatch(scorer: Scorer, sequences: readonly ArrayLike<number>[], rows: number[], visit: RowVisitor): void {
  const V = scorer.vocabSize
  const time = sequences[rows[rows.length - 1]!]!.length
  const tokens = new Int32Array(rows.length * time) // right padding with token 0
  rows.forEach((s, r) => tokens.set(sequences[s]!, r * time))
  const lp = scorer.logProbs(tokens, rows.length, time)
  if (lp.length !== rows.length * time * V)
    throw new Error(`scorer returned ${lp.length} log-probs for ${rows.length}×${time}×${V}`)
  rows.forEach((s, r) => visit(s, lp, r * time * V))
}

/** The last `max` tokens: prompts longer than the context lose their beginning, never the query. */
export function truncateLeft(tokens: readonly number[], max: number): number[] {
  return tokens.length > max ? tokens.slice(tokens.length - max) : tokens.slice()
}

/** The highest-scoring id in one distribution; ties go to the lowest id. */
export function argmaxRow(lp: Float32Array, offset: number, vocab: number): number {
  let best = 0
  for (let v = 1; v < vocab; v++) if (lp[offset + v]! > lp[offset + best]!) best = v
  return best
}
