/**
 * Held-out corpus loss, one rule for every job. A corpus's held-out split is its last
 * `fraction` of tokens; training (the pre-training sampler and replay alike) reads only what
 * comes before it, so the split is never trained on. Every training run scores the held-out
 * split of its lineage's pre-training corpus as `val/loss` / `val/ppl` (the same key across
 * pre-training, continual phases and fine-tunes, so curves join and replay ratios compare),
 * and of every other corpus it touches as `val/<name>/loss`. An evaluated checkpoint gets
 * the same numbers as evaluation rows, task `corpus:<name>`, metric `loss`, with a 95%
 * bootstrap interval over the windows.
 */
import type { MetricPoint } from '../../../shared'
import { bootstrapInterval } from '../../../shared/eval'
import { heldOutLoss, type Scorer } from '../engine/eval'
import type { Tokenizer } from '../engine/tokenizer'
import { readCorpus } from './data-files'
import type { EvaluationCell } from './evaluate'

/** The share of every corpus held out (the job spec's default; an evaluation job uses the same). */
export const HELD_OUT_FRACTION = 0.05
/** Windows scored for a validation point during training (a cheap estimate at every interval). */
export const VALIDATION_WINDOWS = 32
/** Windows scored for an evaluation row (the interval is over these). */
export const EVALUATION_WINDOWS = 128

export interface CorpusFile {
  /** `suite` or the dataset's name. */
  name: string
  path: string
}

export interface HeldOutCorpus {
  name: string
  stream: Int32Array
}

/** The training part and the held-out part of a tokenised corpus; nothing is held out when the share is shorter than one context. */
export function splitCorpus(tokens: Int32Array, fraction: number, context: number): { train: Int32Array; heldOut: Int32Array | null } {
  const held = Math.floor(tokens.length * fraction)
  const cut = held > context ? tokens.length - held : tokens.length
  return { train: tokens.subarray(0, cut), heldOut: cut < tokens.length ? tokens.subarray(cut) : null }
}

/** The held-out split of each corpus, in the order given (corpora too small to hold one out are left out). */
export async function loadHeldOut(files: CorpusFile[], tokenizer: Tokenizer, fraction: number, context: number): Promise<HeldOutCorpus[]> {
  const out: HeldOutCorpus[] = []
  for (const f of files) {
    const { heldOut } = splitCorpus(Int32Array.from(tokenizer.encode(await readCorpus(f.path))), fraction, context)
    if (heldOut && heldOut.length >= 2) out.push({ name: f.name, stream: heldOut })
  }
  return out
}

/** `val/loss` and `val/ppl` for the first corpus (the lineage's pre-training corpus), `val/<name>/loss` for the others. */
export function validationPoints(scorer: Scorer, corpora: HeldOutCorpus[], at: Omit<MetricPoint, 'key' | 'value'>): MetricPoint[] {
  return corpora.flatMap((c, i) => {
    const r = heldOutLoss(scorer, c.stream, { maxWindows: VALIDATION_WINDOWS })
    return i === 0
      ? [
          { key: 'val/loss', ...at, value: r.meanNll },
          { key: 'val/ppl', ...at, value: r.perplexity },
        ]
      : [{ key: `val/${c.name}/loss`, ...at, value: r.meanNll }]
  })
}

/** One evaluation row per corpus: mean nll per token, 95% bootstrap interval over the windows (lower is better). */
export function corpusLossCells(scorer: Scorer, corpora: HeldOutCorpus[], seed: number): EvaluationCell[] {
  return corpora.map((c) => {
    const r = heldOutLoss(scorer, c.stream, { maxWindows: EVALUATION_WINDOWS })
    // Windows are all one context long but the last; its mean counts like the others'.
    const iv = r.windowNll.length > 1 ? bootstrapInterval(r.windowNll, { seed }) : { low: r.meanNll, high: r.meanNll }
    // The same windows at every checkpoint (the held-out split's first EVALUATION_WINDOWS): paired across checkpoints.
    const items = r.windowNll.map((v) => Math.round(v * 1e5) / 1e5)
    // truncated null, not 0: a window is a context-long slice of the corpus, not a prompt, so
    // nothing is cut and there is no count to read ("0 of 128 prompts" would describe prompts
    // that do not exist).
    return { task: `corpus:${c.name}`, split: 'test', promptFormat: 'default', shots: 0, metric: 'loss', value: r.meanNll, ciLow: iv.low, ciHigh: iv.high, n: r.windows, items, truncated: null }
  })
}
