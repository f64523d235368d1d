/**
 * What the format view says under its table about prompts cut to the model's context: per
 * format, the evaluations of the task at the checkpoints shown, summed. The built-in study's
 * instruct NLI prompts (147–200 bytes) are all longer than its 96-token context, so its
 * instruct column scores prompts without their instruction: "instruct: 800 of 800 prompts
 * longer than the 96-token context lost their beginning (over 4 checkpoints)".
 */
import { promptCountOf, sumPromptCounts, truncationText, type PromptCount } from '../../../shared/prompt-truncation'
import type { EvaluationRow } from '../../../shared/schemas/experiment-calls'

/** `byFormat`: each format's score rows (by `${checkpointId}:${task}`), as the format view indexes them. */
export function formatTruncationNotes(formats: readonly string[], byFormat: readonly ReadonlyMap<string, EvaluationRow>[], task: string | null, checkpointIds: readonly number[]): string[] {
  if (task === null) return []
  return formats.flatMap((format, i) => {
    const rows = checkpointIds.map((id) => byFormat[i]!.get(`${id}:${task}`))
    const counted = rows.map(promptCountOf).filter((c): c is PromptCount => c !== null)
    const sum = sumPromptCounts(counted)
    const text = sum && truncationText(sum.truncated, sum.n, sum.context)
    if (!text) return []
    return [`${format}: ${text}${counted.length > 1 ? ` (over ${counted.length} checkpoints)` : ''}`]
  })
}
