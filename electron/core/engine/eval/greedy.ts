/**
 * Greedy decoding of many prompts at once. Prompts are first cut from the left to
 * `promptLimit` tokens, so prompt + generation fits the context and every new token sees the
 * same prompt (as lm-evaluation-harness does). With the scorer's cached decoder, similar-length
 * prompts are started together and each step adds one position per row; without one (stubs),
 * each step re-scores every active row's window, sliding it only when the budget itself
 * exceeds the context. Stops are checked per row: eos, a newline, or the budget.
 */
import type { Tokenizer } from '../tokenizer'
import type { IncrementalDecoder } from './kv-decoder'
import { argmaxRow, groupBySimilarLength, scoreSequences, truncateLeft, type BatchOptions, type Scorer } from './scorer'

export type StopReason = 'eos' | 'newline' | 'max-tokens'

export interface StopRules {
  /** Stop when this id is produced (it is not part of the output). */
  eos?: number
  /** Stop when one of these ids is produced; the text before the newline is kept. */
  newlines?: ReadonlySet<number>
}

export interface Decoded {
  /** Generated ids, without the token that stopped decoding. */
  tokens: number[]
  stop: StopReason
  /** The id that stopped decoding (eos or a newline token). */
  stopToken?: number
}

export interface GreedyOptions extends StopRules, BatchOptions {
  maxNewTokens: number
}

export function stopReason(token: number, rules: StopRules): StopReason | null {
  if (rules.eos !== undefined && token === rules.eos) return 'eos'
  if (rules.newlines?.has(token)) return 'newline'
  return null
}

/** Longest prompt that leaves room for `maxNewTokens` (the last new token is never fed back). */
export function promptLimit(context: number, maxNewTokens: number): number {
  return Math.max(1, context - maxNewTokens + 1)
}

export function greedyDecode(scorer: Scorer, prompts: readonly (readonly number[])[], o: GreedyOptions): Decoded[] {
  for (const [i, p] of prompts.entries()) if (p.length === 0) throw new RangeError(`greedyDecode: prompt ${i} is empty`)
  const limit = promptLimit(scorer.context, o.maxNewTokens)
  const cut = prompts.map((p) => truncateLeft(p, limit))
  const fits = limit + o.maxNewTokens - 1 <= scorer.context
  return scorer.decoder && fits ? decodeCached(scorer, scorer.decoder(), cut, o) : decodeByRescoring(scorer, cut, o)
}

function decodeCached(scorer: Scorer, decoder: IncrementalDecoder, prompts: number[][], o: GreedyOptions): Decoded[] {
  const V = scorer.vocabSize
  const out: Decoded[] = prompts.map(() => ({ tokens: [], stop: 'max-tokens' }))
  try {
    for (const group of groupBySimilarLength(prompts.map((p) => p.length), V, o)) {
      let active = group
      let lp = decoder.start(group.map((i) => prompts[i]!))
      for (let step = 0; ; step++) {
        const next = active.map((_, r) => argmaxRow(lp, r * V, V))
        const kept: number[] = []
        active = active.filter((i, r) => {
          const token = next[r]!
          if (!accept(out[i]!, token, o)) return false
          kept.push(r)
          return true
        })
        if (active.length === 0 || step + 1 >= o.maxNewTokens) break
        if (kept.length < next.length) decoder.keep(kept)
        lp = decoder.append(kept.map((r) => next[r]!))
      }
    }
  } finally {
    decoder.dispose()
  }
  return out
}

function decodeByRescoring(scorer: Scorer, prompts: number[][], o: GreedyOptions): Decoded[] {
  const V = scorer.vocabSize
  const out: Decoded[] = prompts.map(() => ({ tokens: [], stop: 'max-tokens' }))
  let active = prompts.map((_, i) => i)
  for (let step = 0; step < o.maxNewTokens && active.length > 0; step++) {
    const windows = active.map((i) => truncateLeft([...prompts[i]!, ...out[i]!.tokens], scorer.context))
    const next = new Array<number>(active.length)
    scoreSequences(scorer, windows, (r, lp, offset) => (next[r] = argmaxRow(lp, offset + (windows[r]!.length - 1) * V, V)), o)
    active = active.filter((i, r) => accept(out[i]!, next[r]!, o))
  }
  return out
}

/** Records a generated token; false when it stops the row. */
function accept(d: Decoded, token: number, rules: StopRules): boolean {
  const stop = stopReason(token, rules)
  if (stop) {
    d.stop = stop
    d.stopToken = token
    return false
  }
  d.tokens.push(token)
  return true
}

const newlineCache = new WeakMap<Tokenizer, Set<number>>()

/** Every id whose text contains a newline (one id for byte and char tokenizers; several for BPE). */
export function newlineTokens(tokenizer: Tokenizer): ReadonlySet<number> {
  let ids = newlineCache.get(tokenizer)
  if (!ids) {
    ids = new Set<number>()
    for (let id = 0; id < tokenizer.vocabSize; id++) if (id !== tokenizer.eos && tokenizer.decode([id]).includes('\n')) ids.add(id)
    newlineCache.set(tokenizer, ids)
  }
  return ids
}

/** The text of a decoded row; a newline stop keeps whatever its token held before the newline. */
export function decodedText(tokenizer: Tokenizer, d: Decoded): string {
  if (d.stop !== 'newline' || d.stopToken === undefined) return tokenizer.decode(d.tokens)
  const text = tokenizer.decode([...d.tokens, d.stopToken])
  return text.slice(0, text.indexOf('\n'))
}
