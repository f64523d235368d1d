/**
 * Finding 6, prompt-format sensitivity: after fine-tuning (no replay, scored on the task
 * trained), scores in the prompt formats differ, input-only lowest, and the spread shrinks for
 * later checkpoints. Per checkpoint, each format's score is the mean over the fine-tuned tasks
 * evaluated in every format there; the spread is the best minus the worst format
 * (`formatSensitivity`, shared/forgetting.ts) with the difference rule. Rules (separation):
 * the spread shrinks when the first checkpoint's spread is above the last's; input-only is
 * lowest when, averaged over checkpoints, every other format is above it. A format whose
 * prompts were cut to the model's context is named in the finding's notes (the verdict is the
 * same: the scores are what they are, the note says what the model saw).
 */
import { formatSensitivity } from '../forgetting'
import { contextPhrase, sumPromptCounts, type PromptCount } from '../prompt-truncation'
import type { Cells } from './cells'
import { above, difference, meanOf } from './estimate'
import { est, list, pct, step } from './text'
import type { Estimate, FindingBase, FindingNumber } from './types'

export interface FormatPoint {
  step: number
  tokens: number | null
  /** Format → mean score over the tasks. */
  formats: Record<string, Estimate>
  spread: Estimate
  /** The fine-tuned tasks the means are over (those evaluated in every format from this step). */
  tasks: string[]
}

export type FormatSensitivityFinding = FindingBase<'format-sensitivity', { formats: string[]; tasks: string[]; points: FormatPoint[] }>

export function formatPoints(cells: Cells): { formats: string[]; tasks: string[]; points: FormatPoint[] } {
  const trained = cells.trainedTasks().filter((t) => cells.formats('ft', t).length >= 2)
  const formats = [...new Set(trained.flatMap((t) => cells.formats('ft', t)))].sort()
  const steps = [...new Set(trained.flatMap((t) => cells.fromSteps(t, 0)))].sort((a, b) => a - b)
  const points: FormatPoint[] = []
  const used = new Set<string>()
  for (const s of steps) {
    const tasks = trained.filter((t) => formats.every((f) => cells.ft(t, s, 0, t, { format: f })))
    if (tasks.length === 0) continue
    tasks.forEach((t) => used.add(t))
    const byFormat: Record<string, Estimate> = {}
    for (const f of formats) byFormat[f] = meanOf(tasks.map((t) => cells.ft(t, s, 0, t, { format: f })!))!
    const sorted = formats.map((f) => byFormat[f]!).sort((a, b) => a.value - b.value)
    const spread = difference(sorted[sorted.length - 1]!, sorted[0]!)
    points.push({ step: s, tokens: cells.tokensAt(s), formats: byFormat, spread: { ...spread, value: formatSensitivity(sorted.map((e) => e.value)).spread }, tasks })
  }
  return { formats, tasks: [...used].sort(), points }
}

/**
 * Per format, the share of each task's prompts (over the points' evaluations) that were longer
 * than the context: "instruct: 100% of nli prompts (800 of 800) were cut to the 96-token context".
 */
export function truncationNotes(cells: Cells, series: { formats: string[]; points: FormatPoint[] }): string[] {
  const notes: string[] = []
  for (const f of series.formats) {
    const byTask = new Map<string, (PromptCount | null)[]>()
    for (const p of series.points) for (const t of p.tasks) byTask.set(t, [...(byTask.get(t) ?? []), cells.ftPrompts(t, p.step, 0, t, { format: f })])
    const cut = [...byTask].flatMap(([t, counts]) => {
      const c = sumPromptCounts(counts)
      return c && c.truncated > 0 ? [{ task: t, ...c }] : []
    })
    if (cut.length === 0) continue
    const shares = cut.map((c) => `${pct(c.truncated / c.n)} of ${c.task} prompts (${c.truncated.toLocaleString('en-US')} of ${c.n.toLocaleString('en-US')})`)
    notes.push(`${f}: ${list(shares)} were cut to ${contextPhrase(cut[0]!.context)}, losing their beginning`)
  }
  return notes
}

export function formatSensitivityFinding(cells: Cells): FormatSensitivityFinding {
  const series = formatPoints(cells)
  const notes = truncationNotes(cells, series)
  const base = { id: 'format-sensitivity' as const, number: 6, title: 'Prompt-format sensitivity shrinks with pre-training', series, ...(notes.length ? { notes } : {}) }
  const { points, formats } = series
  if (points.length < 2) {
    const reason = points.length === 0 ? 'no fine-tune is evaluated on its task in two or more prompt formats' : 'fine-tunes evaluated in several prompt formats come from only one checkpoint'
    return { ...base, statement: `Not shown: ${reason}.`, verdict: 'cannot-judge', reason, numbers: [] }
  }
  const first = points[0]!
  const last = points[points.length - 1]!
  const numbers: FindingNumber[] = points.map((p) => ({ label: `format spread, fine-tuned from ${step(p.step)}`, estimate: p.spread }))
  const overall: Record<string, Estimate> = {}
  for (const f of formats) overall[f] = meanOf(points.map((p) => p.formats[f]!))!
  for (const f of formats) numbers.push({ label: `${f} format, mean over checkpoints`, estimate: overall[f]! })
  const shrinks = above(first.spread, last.spread)
  const io = overall['input-only']
  const ioLowest = io ? formats.filter((f) => f !== 'input-only').every((f) => above(overall[f]!, io)) : null
  const formatText = formats.map((f) => `${f} ${est(overall[f]!)}`).join(', ')
  const statement = `Across prompt formats (${list(series.tasks)}), the spread after fine-tuning goes from ${est(first.spread)} at ${step(first.step)} to ${est(last.spread)} at ${step(last.step)}; mean scores ${formatText}.`
  const failed = [!shrinks ? 'the spread at the last checkpoint is not below the first’s beyond the intervals' : null, ioLowest === false ? 'input-only is not below every other format beyond the intervals' : null].filter(
    (m): m is string => m !== null,
  )
  if (failed.length) return { ...base, statement, verdict: 'does-not-hold', reason: failed.join('; '), numbers }
  if (ioLowest === null) return { ...base, statement, verdict: 'cannot-judge', reason: 'no fine-tune is evaluated in the input-only format', numbers }
  return { ...base, statement, verdict: 'holds', reason: null, numbers }
}
