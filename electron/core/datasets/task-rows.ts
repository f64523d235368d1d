/**
 * Validating a task file's records, whatever the file format: every record is either
 * generation `{prompt, completion}` or classification `{text, label}` (the first record
 * decides, the rest must agree), with an optional `id`. Unknown fields are ignored; missing
 * or mistyped required ones are errors naming the line and the field.
 *
 * Each record becomes one normalised line. Classification lines also get the `prompt` and
 * `completion` of the default prompt format, so a fine-tuning job can read the file as is
 * (it reads only those two fields) while evaluation reads `text` and `label`.
 */
import { simpleTemplate } from '../../../shared/eval/prompt'
import { trainLineOf, type TaskKind } from '../../../shared/schemas/task'
import { AppError } from '../errors'
import type { SourceNames } from './columns'
import { describe, placeOf, type SourceRecord } from './parse-jsonl'

export const REQUIRED_FIELDS: Record<TaskKind, readonly [string, string]> = {
  generation: ['prompt', 'completion'],
  classification: ['text', 'label'],
}

export interface TaskLineOut {
  id: string
  prompt: string
  completion: string
  text?: string
  label?: string
}

const bad = (message: string) => new AppError('BAD_REQUEST', message)

/** Which kind of task a set of field names describes, or an error listing what was found. */
export function taskKindOf(fields: readonly string[], where: string): TaskKind {
  const has = (f: string) => fields.includes(f)
  for (const kind of ['generation', 'classification'] as const) {
    const [a, b] = REQUIRED_FIELDS[kind]
    if (has(a) && has(b)) return kind
    if (has(a) || has(b)) throw bad(`${where}: has "${has(a) ? a : b}" but no "${has(a) ? b : a}"; a ${kind} task needs both.`)
  }
  throw bad(`${where}: expected fields "prompt" and "completion" (generation) or "text" and "label" (classification); found ${fields.map((f) => `"${f}"`).join(', ') || 'none'}.`)
}

export interface ValidateOptions {
  /** Ends a classification prompt in the default format (the one training lines use). */
  cue: string
  /** The kind another file of the same task already has. */
  kind?: TaskKind
  /** Mapped columns: messages name the file's column, not the role. */
  names?: SourceNames
}

/** Every record checked and normalised; labels are checked over all files by `labelSummary`. */
export function validateTaskRecords(records: readonly SourceRecord[], file: string, o: ValidateOptions): { kind: TaskKind; lines: TaskLineOut[] } {
  const first = records[0]
  if (!first) throw bad(`${file} has no records.`)
  const kind = taskKindOf(Object.keys(first.fields), `${file}, ${placeOf(first)}`)
  if (o.kind && kind !== o.kind) throw bad(`${file}, ${placeOf(first)}: a ${kind} record, but the task's other file holds ${o.kind} records.`)
  const [inputField, answerField] = REQUIRED_FIELDS[kind]
  const withId = 'id' in first.fields
  const seen = new Map<string, string>()
  const evalTask = { name: file, template: simpleTemplate({ instruction: '', cue: o.cue }) }
  const name = (f: string) => o.names?.[f as keyof SourceNames] ?? f
  const lines = records.map((r, i): TaskLineOut => {
    const { fields } = r
    const at = `${file}, ${placeOf(r)}`
    const input = stringField(fields, inputField, at, kind === 'classification', name(inputField))
    const answer = stringField(fields, answerField, at, true, name(answerField))
    let id = String(i + 1)
    if ('id' in fields !== withId) throw bad(`${at}: ${withId ? 'has no "id"' : 'has an "id"'} but ${placeOf(first)} ${withId ? 'has one' : 'does not'}; give every record an id, or none.`)
    if (withId) {
      const value = fields.id
      if (typeof value === 'number' && Number.isInteger(value)) id = String(value)
      else if (typeof value === 'string' && value.trim() !== '') id = value
      else throw bad(`${at}: "id" must be a non-empty string or an integer, got ${typeof value === 'string' ? 'an empty string' : describe(value)}.`)
      const earlier = seen.get(id)
      if (earlier !== undefined) throw bad(`${at}: duplicate id "${id}" (first used on ${earlier}).`)
      seen.set(id, placeOf(r))
    }
    if (kind === 'generation') return { id, prompt: input, completion: answer }
    // Labels are categories: "yes" and " yes" (a blank after a CSV comma) are the same one.
    const label = answer.trim()
    return { id, text: input, label, ...trainLineOf(evalTask, { input, label }) }
  })
  return { kind, lines }
}

/** Classification: the distinct labels in code-unit order and their counts; at least two. */
export function labelSummary(lines: readonly TaskLineOut[], file: string): { labels: string[]; labelCounts: Record<string, number> } {
  const counts = new Map<string, number>()
  for (const l of lines) if (l.label !== undefined) counts.set(l.label, (counts.get(l.label) ?? 0) + 1)
  const labels = [...counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  if (labels.length < 2) throw bad(`${file}: every record has the label "${labels[0]}"; a classification task needs at least two labels.`)
  return { labels, labelCounts: Object.fromEntries(labels.map((l) => [l, counts.get(l)!])) }
}

function stringField(fields: Record<string, unknown>, field: string, at: string, nonEmpty: boolean, name: string): string {
  if (!(field in fields) || fields[field] === undefined) throw bad(`${at}: "${name}" is missing.`)
  const value = fields[field]
  if (typeof value !== 'string') throw bad(`${at}: "${name}" must be a string, got ${describe(value)}.`)
  if (nonEmpty && value.trim() === '') throw bad(`${at}: "${name}" is empty.`)
  return value
}

/**
 * TokenProb decides on the first token after what all answers share; with the byte tokenizer
 * labels starting with the same character cannot be told apart that way (ranking still can).
 */
export function labelWarnings(labels: readonly string[]): string[] {
  const byFirst = new Map<number, string[]>()
  const enc = new TextEncoder()
  for (const l of labels) {
    const b = enc.encode(l)[0]!
    byFirst.set(b, [...(byFirst.get(b) ?? []), l])
  }
  return [...byFirst.values()]
    .filter((group) => group.length > 1)
    .map((group) => `The labels ${group.map((l) => `"${l}"`).join(', ')} start with the same byte, so TokenProb cannot tell them apart; evaluate by ranking or rename them.`)
}
