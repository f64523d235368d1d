/**
 * Greedy decoding of many prompts at once. There is no key/value cache, so each step re-runs
 * the model over every active row's window (its last `context` tokens — a prompt longer than
 * the context loses its beginning, and so does a long generation); rows stay batched because
 * they all grow by one token per step. Stops are checked per row: eos, a newline, or the budget.
 */
import type { Tokenizer } from '../tokenizer'
import { argmaxRow, scoreSequences, truncateLeft, type BatchOptions, type Scorer } from './scorer'

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

export function greedyDecode(scorer: Scorer, prompts: readonly (readonly number[])[], o: GreedyOptions): Decoded[] {
  for (const [i, p] of prompts.entries()) if (p.length === 0) throw new RangeError(`greedyDecode: prompt ${i} is empty`)
  const V = scorer.vocabSize
  const out: Decoded[] = prompts.map(() => ({ tokens: [], stop: 'max-tokens' }))
  const seqs = prompts.map((p) => p.slice())
  let active = prompts.map((_, i) => i)
  for (let step = 0; step < o.maxNewTokens && active.length > 0; step++) {
    const windows = active.map((i) => truncateLeft(seqs[i]!, scorer.context))
    const next = new Array<number>(active.length)
    scoreSequences(scorer, windows, (r, lp, offset) => (next[r] = argmaxRow(lp, offset + (windows[r]!.length - 1) * V, V)), o)
    active = active.filter((i, r) => {
      const token = next[r]!
      const stop = stopReason(token, o)
      if (stop) {
        out[i] = { tokens: out[i]!.tokens, stop, stopToken: token }
        return false
      }
      out[i]!.tokens.push(token)
      seqs[i]!.push(token)
      return true
    })
  }
  return out
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
