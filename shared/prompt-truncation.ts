/**
 * Prompts longer than the model's context lose their beginning before they are scored (the
 * scorer keeps the last `context` tokens). One wording for every view that reads a score: the
 * built-in study's model reads 96 tokens and its instruct NLI prompts are 147–200 bytes, so
 * all of them lose the instruction line (76 bytes) and the premise's start, and a score read
 * without saying so would be read as the model's answer to the whole prompt.
 */

/** "the 96-token context", or "the model's context" when the context is not known. */
export const contextPhrase = (context: number | null): string => (context === null ? 'the model’s context' : `the ${context.toLocaleString('en-US')}-token context`)

/**
 * One evaluation's count as a sentence: "200 of 200 prompts longer than the 96-token context
 * lost their beginning". null when none was cut or none was counted (`truncated` null).
 */
export function truncationText(truncated: number | null, n: number, context: number | null): string | null {
  if (truncated === null || truncated === 0) return null
  return `${truncated.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} prompt${n === 1 ? '' : 's'} longer than ${contextPhrase(context)} lost their beginning`
}

/** Prompts counted over one or more evaluations. */
export interface PromptCount {
  truncated: number
  n: number
  context: number | null
}

/** One evaluation's count, or null where it did not count its prompts. */
export const promptCountOf = (row: { truncated: number | null; n: number; context: number | null } | undefined): PromptCount | null =>
  row && row.truncated !== null ? { truncated: row.truncated, n: row.n, context: row.context } : null

/** The sum of several counts (null ones, not counted, are left out); null when none was counted. */
export function sumPromptCounts(counts: readonly (PromptCount | null)[]): PromptCount | null {
  const known = counts.filter((c): c is PromptCount => c !== null)
  if (known.length === 0) return null
  return { truncated: known.reduce((a, c) => a + c.truncated, 0), n: known.reduce((a, c) => a + c.n, 0), context: known.find((c) => c.context !== null)?.context ?? null }
}
