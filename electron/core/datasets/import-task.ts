/**
 * Importing a task: JSON Lines or CSV of `{prompt, completion}` (generation) or `{text, label}`
 * (classification), optional `id`. Everything is validated before anything is written; the
 * normalised file is `task.jsonl` (see task-rows.ts), directly usable by a fine-tuning job.
 */
import { resolve } from 'node:path'
import type { TaskTemplate } from '../../../shared/schemas/task'
import { TASK_FORMATS, formatOf, type TaskFileFormat } from './formats'
import type { ImportResult } from './import-corpus'
import { parseCsv } from './parse-csv'
import { parseJsonl } from './parse-jsonl'
import { readSourceText } from './source-text'
import { labelWarnings, taskKindOf, validateTaskRecords } from './task-rows'
import { checkDatasetName, writeDataset, type DatasetsStore } from './write-dataset'

export interface ImportTaskInput {
  name: string
  file: string
  /** Default: from the extension (.jsonl or .csv). */
  format?: TaskFileFormat
  /** Classification: the prompt template's instruction line and answer cue (defaults below). */
  instruction?: string
  cue?: string
}

export const TASK_FILE = 'task.jsonl'
export const DEFAULT_CUE = 'Answer:'

export async function importTask(store: DatasetsStore, dataDir: string, input: ImportTaskInput): Promise<ImportResult> {
  checkDatasetName(store, input.name)
  const file = resolve(input.file)
  const format = formatOf(file, TASK_FORMATS, input.format)
  const source = await readSourceText(file)
  let records
  if (format === 'csv') {
    const csv = parseCsv(source.text, file)
    // Checked on the header, so a missing column is reported once, not as a missing field on line 2.
    taskKindOf(csv.columns, `${file}, header`)
    records = csv.records
  } else records = parseJsonl(source.text, file)
  const cue = input.cue ?? DEFAULT_CUE
  const task = validateTaskRecords(records, file, cue)
  const labels = task.labels
  // Kept in meta so evaluation renders the instruct format the way the user asked; by default
  // it names the labels, which are only known now.
  const template: TaskTemplate = { instruction: input.instruction ?? (labels ? `Answer with one of: ${labels.join(', ')}.` : 'Continue the text.'), cue }
  const warnings = labels ? labelWarnings(labels) : []
  const dataset = await writeDataset(store, dataDir, {
    name: input.name,
    kind: 'task',
    source: file,
    fileName: TASK_FILE,
    content: task.lines.map((l) => JSON.stringify(l) + '\n').join(''),
    meta: { format, taskKind: task.kind, examples: task.lines.length, labels, labelCounts: task.labelCounts, template, sourceBytes: source.bytes, sourceSha256: source.sha256, warnings },
  })
  return { dataset, stats: { format, lines: task.lines.length, bytes: dataset.bytes, sourceBytes: source.bytes, labels: task.labelCounts, warnings } }
}
