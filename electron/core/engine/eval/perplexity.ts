/**
 * Held-out loss and perplexity over a token stream. The stream is cut into non-overlapping
 * windows of the context length: window w feeds tokens [wC, wC+C) and is scored on predicting
 * tokens [wC+1, wC+C+1), so every token after the first is predicted exactly once, with between
 * 0 and C−1 tokens of context (the standard non-overlapping evaluation; a sliding window would
 * give lower numbers at C times the cost). Mean nll is per predicted token; perplexity is
 * exp(mean nll), so a model that spreads its mass evenly over V tokens scores V.
 */
import { badRequest } from './prompts'
import { scoreSequences, type BatchOptions, type Scorer } from './scorer'

export interface HeldOutOptions extends BatchOptions {
  /** Score only the first this-many windows (a cheap estimate during training). */
  maxWindows?: number
}

export interface HeldOutLoss {
  meanNll: number
  perplexity: number
  /** Tokens predicted. */
  tokens: number
  windows: number
  /** Mean nll of each window, in stream order (what an interval over windows resamples). */
  windowNll: number[]
}

export function heldOutLoss(scorer: Scorer, stream: ArrayLike<number>, o: HeldOutOptions = {}): HeldOutLoss {
  if (stream.length < 2) throw badRequest(`held-out loss needs at least 2 tokens, got ${stream.length}`)
  if (o.maxWindows !== undefined && !(Number.isInteger(o.maxWindows) && o.maxWindows >= 1))
    throw badRequest(`maxWindows must be a positive integer, got ${o.maxWindows}`)
  const C = scorer.context
  const V = scorer.vocabSize
  for (let i = 0; i < stream.length; i++)
    if (!Number.isInteger(stream[i]) || stream[i]! < 0 || stream[i]! >= V)
      throw badRequest(`held-out token ${i} is ${stream[i]}, outside the vocabulary 0..${V - 1}`)
  const starts: number[] = []
  for (let s = 0; s < stream.length - 1 && starts.length < (o.maxWindows ?? Infinity); s += C) starts.push(s)
  const windows = starts.map((s) => Array.prototype.slice.call(stream, s, Math.min(s + C, stream.length - 1)) as number[])
  let nll = 0
  let tokens = 0
  const windowNll = new Array<number>(windows.length)
  scoreSequences(
    scorer,
    windows,
    (w, lp, offset) => {
      const s = starts[w]!
      let sum = 0
      for (let t = 0; t < windows[w]!.length; t++) sum -= lp[offset + t * V + stream[s + t + 1]!]!
      windowNll[w] = sum / windows[w]!.length
      nll += sum
      tokens += windows[w]!.length
    },
    o,
  )
  const meanNll = nll / tokens
  return { meanNll, perplexity: Math.exp(meanNll), tokens, windows: windows.length, windowNll }
}
