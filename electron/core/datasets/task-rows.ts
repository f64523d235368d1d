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
import { describe, type SourceRecord } from './parse-jsonl'

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

export interface ValidatedTask {
  kind: TaskKind
  lines: TaskLineOut[]
  /** Classification: the distinct labels in code-unit order, and how often each occurs. */
  labels?: string[]
  labelCounts?: Record<string, number>
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

/** `cue` ends a classification prompt in the default format (the one training lines use). */
export function validateTaskRecords(records: readonly SourceRecord[], file: string, cue: string): ValidatedTask {
  const first = records[0]
  if (!first) throw bad(`${file} has no records.`)
  const kind = taskKindOf(Object.keys(first.fields), `${file}, line ${first.line}`)
  const [inputField, answerField] = REQUIRED_FIELDS[kind]
  const withId = 'id' in first.fields
  const seen = new Map<string, number>()
  const evalTask = { name: file, template: simpleTemplate({ instruction: '', cue }) }
  const lines = records.map(({ line, fields }, i): TaskLineOut => {
    const at = `${file}, line ${line}`
    const input = stringField(fields, inputField, at, kind === 'classification')
    const answer = stringField(fields, answerField, at, true)
    let id = String(i + 1)
    if ('id' in fields !== withId) throw bad(`${at}: ${withId ? 'has no "id"' : 'has an "id"'} but line ${first.line} ${withId ? 'has one' : 'does not'}; give every record an id, or none.`)
    if (withId) {
      const value = fields.id
      if (typeof value === 'number' && Number.isInteger(value)) id = String(value)
      else if (typeof value === 'string' && value.trim() !== '') id = value
      else throw bad(`${at}: "id" must be a non-empty string or an integer, got ${typeof value === 'string' ? 'an empty string' : describe(value)}.`)
      const earlier = seen.get(id)
      if (earlier !== undefined) throw bad(`${at}: duplicate id "${id}" (first used on line ${earlier}).`)
      seen.set(id, line)
    }
    if (kind === 'generation') return { id, prompt: input, completion: answer }
    // Labels are categories: "yes" and " yes" (a blank after a CSV comma) are the same one.
    const label = answer.trim()
    return { id, text: input, label, ...trainLineOf(evalTask, { input, label }) }
  })
  if (kind === 'generation') return { kind, lines }
  const counts = new Map<string, number>()
  for (const l of lines) counts.set(l.label!, (counts.get(l.label!) ?? 0) + 1)
  const labels = [...counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  if (labels.length < 2) throw bad(`${file}: every record has the label "${labels[0]}"; a classification task needs at least two labels.`)
  return { kind, lines, labels, labelCounts: Object.fromEntries(labels.map((l) => [l, counts.get(l)!])) }
}

function stringField(fields: Record<string, unknown>, name: string, at: string, nonEmpty: boolean): string {
  if (!(name in fields) || fields[name] === undefined) throw bad(`${at}: "${name}" is missing.`)
  const value = fields[name]
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
