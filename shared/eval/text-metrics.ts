/**
 * Text-overlap metrics for generation tasks: ROUGE-L (Lin 2004) and exact match.
 *
 * Both compare NORMALISED whitespace tokens, so formatting the model cannot be blamed for
 * (case, punctuation, spacing) does not count against it:
 *   1. Unicode NFKC, then lower-case;
 *   2. every run of characters that are not letters, digits or combining marks (\p{L}, \p{N},
 *      \p{M}) — punctuation, symbols, underscores — becomes a single space, as Google's
 *      `rouge_score` tokenizer does for ASCII ("don't" → "don t", "U.S." → "u s");
 *   3. split on whitespace, dropping empty tokens.
 * No stemming and no stop-word removal (rouge_score's defaults), so scores are comparable to
 * papers that used that package without `use_stemmer`.
 */

export interface RougeScore {
  precision: number
  recall: number
  /** F-measure with the β given (1 by default: the harmonic mean of precision and recall). */
  f: number
}

const NOT_WORD = /[^\p{L}\p{N}\p{M}]+/gu

/** The normalised form described above, tokens joined by single spaces. */
export function normalizeText(text: string): string {
  return metricTokens(text).join(' ')
}

/** The normalised whitespace tokens of a text. */
export function metricTokens(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(NOT_WORD, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 0)
}

/** Length of the longest common subsequence of two token lists: O(|a|·|b|) time, O(|b|) memory. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0
  let prev = new Uint32Array(b.length + 1)
  let cur = new Uint32Array(b.length + 1)
  for (let i = 1; i <= a.length; i++) {
    const ai = a[i - 1]
    for (let j = 1; j <= b.length; j++) {
      cur[j] = ai === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!)
    }
    ;[prev, cur] = [cur, prev]
  }
  return prev[b.length]!
}

/**
 * ROUGE-L of a candidate against one reference: precision = LCS/|candidate|,
 * recall = LCS/|reference|, F_β = (1+β²)·P·R / (R + β²·P). If either side has no tokens after
 * normalisation every value is 0 (as in rouge_score), so an empty generation scores nothing.
 */
export function rougeL(candidate: string, reference: string, beta = 1): RougeScore {
  if (!(beta > 0) || !Number.isFinite(beta)) throw new RangeError(`rougeL: beta must be a positive number, got ${beta}`)
  const c = metricTokens(candidate)
  const r = metricTokens(reference)
  const lcs = lcsLength(c, r)
  if (lcs === 0) return { precision: 0, recall: 0, f: 0 }
  const precision = lcs / c.length
  const recall = lcs / r.length
  const b2 = beta * beta
  return { precision, recall, f: ((1 + b2) * precision * recall) / (recall + b2 * precision) }
}

/** True when both texts have the same normalised tokens (two texts that normalise to nothing match). */
export function exactMatch(candidate: string, reference: string): boolean {
  return normalizeText(candidate) === normalizeText(reference)
}
