/**
 * Text generation from one prompt: greedy (temperature 0) or sampled with temperature and
 * top-k, driven by a seeded Rng so the same options always give the same text. The window
 * slides when prompt + output outgrow the context. An empty prompt starts from eos, the
 * GPT-2 convention for beginning-of-text.
 */
import { Rng, deriveSeed } from '../../../shared'
import { AppError } from '../errors'
import { decodedText, newlineTokens, stopReason, type Decoded, type StopReason } from './eval/greedy'
import type { IncrementalDecoder } from './eval/kv-decoder'
import { argmaxRow, gptScorer, truncateLeft, type Scorer } from './eval/scorer'
import type { Gpt } from './model'
import type { Tokenizer } from './tokenizer'

export const MAX_GENERATE_TOKENS = 4096

export interface GenerateOptions {
  prompt: string
  /** New tokens at most, 1..4096. */
  maxTokens: number
  /** ≥ 0; 0 decodes greedily. Default 1. */
  temperature?: number
  /** Sample among the k most likely tokens; 0 (default) means no limit. */
  topK?: number
  /** Default 0. */
  seed?: number
  /** Stop when the model emits eos (default true). */
  stopAtEos?: boolean
  /** Stop at the first newline (default false). */
  stopAtNewline?: boolean
}

export interface Generation {
  /** Generated ids, without the one that stopped generation. */
  tokens: number[]
  text: string
  stop: StopReason
}

/** Checks options and fills in defaults; a bad value is a BAD_REQUEST naming the option. */
export function resolveGenerateOptions(o: GenerateOptions): Required<GenerateOptions> {
  const bad = (message: string) => new AppError('BAD_REQUEST', message)
  if (typeof o.prompt !== 'string') throw bad('prompt must be a string')
  if (!Number.isInteger(o.maxTokens) || o.maxTokens < 1 || o.maxTokens > MAX_GENERATE_TOKENS)
    throw bad(`maxTokens must be an integer from 1 to ${MAX_GENERATE_TOKENS}, got ${o.maxTokens}`)
  const temperature = o.temperature ?? 1
  if (!Number.isFinite(temperature) || temperature < 0) throw bad(`temperature must be a finite number ≥ 0 (0 decodes greedily), got ${temperature}`)
  const topK = o.topK ?? 0
  if (!Number.isInteger(topK) || topK < 0) throw bad(`topK must be an integer ≥ 0 (0 means no limit), got ${topK}`)
  const seed = o.seed ?? 0
  if (!Number.isInteger(seed)) throw bad(`seed must be an integer, got ${seed}`)
  return { prompt: o.prompt, maxTokens: o.maxTokens, temperature, topK, seed, stopAtEos: o.stopAtEos ?? true, stopAtNewline: o.stopAtNewline ?? false }
}

export function generate(gpt: Gpt, params: Float32Array, tokenizer: Tokenizer, options: GenerateOptions): Generation {
  return generateWith(gptScorer(gpt, params), tokenizer, options)
}

/** `generate` on any Scorer (a stub in tests). */
export function generateWith(scorer: Scorer, tokenizer: Tokenizer, options: GenerateOptions): Generation {
  const o = resolveGenerateOptions(options)
  const V = scorer.vocabSize
  const rng = new Rng(deriveSeed(o.seed, 'sample'))
  const rules = { eos: o.stopAtEos ? tokenizer.eos : undefined, newlines: o.stopAtNewline ? newlineTokens(tokenizer) : undefined }
  const encoded = tokenizer.encode(o.prompt)
  const seq = encoded.length > 0 ? encoded : [tokenizer.eos]
  const out: Decoded = { tokens: [], stop: 'max-tokens' }
  const decoder = scorer.decoder?.()
  try {
    for (let step = 0; step < o.maxTokens; step++) {
      const { lp, offset } = nextLogProbs(scorer, decoder, seq, step)
      const token = o.temperature === 0 ? argmaxRow(lp, offset, V) : sampleRow(lp, offset, V, o.temperature, o.topK, rng)
      const stop = stopReason(token, rules)
      if (stop) {
        out.stop = stop
        out.stopToken = token
        break
      }
      out.tokens.push(token)
      seq.push(token)
    }
  } finally {
    decoder?.dispose()
  }
  return { tokens: out.tokens, text: decodedText(tokenizer, out), stop: out.stop }
}

/**
 * The distribution after the last token of `seq`. With a cached decoder: one new position per
 * step while the sequence fits the context, and a fresh start on the last `context` tokens
 * once it does not (absolute positions cannot slide). Without one: the window re-scored.
 */
function nextLogProbs(scorer: Scorer, decoder: IncrementalDecoder | undefined, seq: number[], step: number): { lp: Float32Array; offset: number } {
  const window = truncateLeft(seq, scorer.context)
  if (!decoder) return { lp: scorer.logProbs(Int32Array.from(window), 1, window.length), offset: (window.length - 1) * scorer.vocabSize }
  const grow = step > 0 && seq.length <= scorer.context
  return { lp: grow ? decoder.append([seq[seq.length - 1]!]) : decoder.start([window]), offset: 0 }
}

/**
 * Draws an id from softmax(logProbs / temperature) restricted to the topK most likely ids
 * (all when topK is 0 or ≥ V; a tie at the cut keeps the lower ids). One rng.next() per draw.
 */
export function sampleRow(lp: Float32Array, offset: number, vocab: number, temperature: number, topK: number, rng: Rng): number {
  let ids = Array.from({ length: vocab }, (_, v) => v)
  if (topK > 0 && topK < vocab) ids = ids.sort((a, b) => lp[offset + b]! - lp[offset + a]! || a - b).slice(0, topK)
  let max = -Infinity
  for (const v of ids) max = Math.max(max, lp[offset + v]!)
  const weights = ids.map((v) => Math.exp((lp[offset + v]! - max) / temperature))
  let total = 0
  for (const w of weights) total += w
  let u = rng.next() * total
  for (let j = 0; j < ids.length; j++) {
    u -= weights[j]!
    if (u < 0) return ids[j]!
  }
  // Rounding can leave u a hair above 0 after the last weight: that belongs to the last id with any mass.
  for (let j = ids.length - 1; j >= 0; j--) if (weights[j]! > 0) return ids[j]!
  return ids[0]!
}
