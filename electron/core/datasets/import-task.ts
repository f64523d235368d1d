/**
 * Importing a task: JSON Lines, CSV or Parquet of `{prompt, completion}` (generation) or
 * `{text, label}` (classification), optional `id` and `split`, with the columns mapped as the
 * user says. Everything is validated before anything is written. The dataset folder holds
 *   task.jsonl  the training split, one {id, prompt, completion[, text, label]} line each
 *               (what a fine-tuning job reads);
 *   task.json   the TaskDefinition with every split (what evaluation reads).
 */
import { dirname, join, resolve } from 'node:path'
import type { TaskSplit, TaskTemplate } from '../../../shared/schemas/task'
import { TASK_SPLITS } from '../../../shared/schemas/task'
import { AppError } from '../errors'
import { applyColumnMap, columnsOf, type ColumnMap } from './columns'
import { TASK_FORMATS, formatOf, type TaskFileFormat } from './formats'
import type { ImportResult } from './import-corpus'
import { placeOf } from './parse-jsonl'
import type { ReadLimits } from './read-source'
import { readTable } from './read-table'
import { DEFAULT_TEST_FRACTION, seededSplits, splitOfValue } from './splits'
import { detectCue, importedTaskDefinition } from './task-definition'
import { labelSummary, labelWarnings, taskKindOf, validateTaskRecords, type TaskLineOut } from './task-rows'
import { checkDatasetName, writeDataset, type DatasetsStore } from './write-dataset'

export interface ImportTaskInput {
  name: string
  /** The whole task, or its training split when `testFile` / `oodFile` are given. */
  file: string
  /** Default: from the extension (.jsonl, .csv, .parquet). */
  format?: TaskFileFormat
  testFile?: string
  oodFile?: string
  /** Which columns are prompt, completion, text, label, split and id (default: those names). */
  columns?: ColumnMap
  /** Without a split column or split files: the seeded split's fractions (default 0.2 test, 0 ood). */
  testFraction?: number
  oodFraction?: number
  splitSeed?: number
  /** The prompt template: the instruct format's first line and the answer cue (defaults below). */
  instruction?: string
  cue?: string
  /** "Learned in pre-training": the researcher's mark (null or absent: unmarked). */
  learned?: boolean | null
  limits?: ReadLimits
  /** How the dataset records where it came from (default: the file's path; an upload: the user's file name). */
  sourceName?: string
}

export const TASK_FILE = 'task.jsonl'
export const TASK_DEFINITION_FILE = 'task.json'
export const DEFAULT_CUE = 'Answer:'

export const taskDefinitionPath = (datasetPath: string): string => join(dirname(datasetPath), TASK_DEFINITION_FILE)

interface Part {
  file: string
  split: TaskSplit | null
}

export async function importTask(store: DatasetsStore, dataDir: string, input: ImportTaskInput): Promise<ImportResult> {
  checkDatasetName(store, input.name)
  const parts: Part[] = [{ file: resolve(input.file), split: input.testFile || input.oodFile ? 'train' : null }]
  if (input.testFile) parts.push({ file: resolve(input.testFile), split: 'test' })
  if (input.oodFile) parts.push({ file: resolve(input.oodFile), split: 'ood' })
  const cue = input.cue ?? DEFAULT_CUE
  const warnings: string[] = []
  const lines: TaskLineOut[] = []
  const splits: TaskSplit[] = []
  let kind: 'classification' | 'generation' | undefined
  let splitBy: 'column' | 'files' | 'seeded' = parts.length > 1 ? 'files' : 'seeded'
  const sources: { file: string; format: string; bytes: number; sha256: string }[] = []
  for (const part of parts) {
    const format = formatOf(part.file, TASK_FORMATS, input.format)
    const read = await readTable(part.file, format, input.limits)
    sources.push({ file: part.file, format, bytes: read.bytes, sha256: read.sha256 })
    const { table, names } = applyColumnMap(read.table, input.columns ?? {}, part.file)
    // Checked on the header, so a missing column is reported once, not as a missing field on line 2.
    if (table.columns) taskKindOf(table.columns, `${part.file}, header`)
    const out = validateTaskRecords(table.records, part.file, { cue, names, ...(kind ? { kind } : {}) })
    kind = out.kind
    const splitColumn = names.split ?? 'split'
    const hasSplit = columnsOf(table).includes('split')
    if (part.split === null && hasSplit) splitBy = 'column'
    if (part.split !== null && hasSplit) warnings.push(`${part.file}: the ${splitColumn} column is ignored; the file itself is the ${part.split} split.`)
    table.records.forEach((r) => splits.push(part.split ?? (hasSplit ? splitOfValue(r.fields.split, `${part.file}, ${placeOf(r)}`, `"${splitColumn}"`) : 'train')))
    lines.push(...out.lines)
  }
  const seeded = { testFraction: input.testFraction ?? DEFAULT_TEST_FRACTION, oodFraction: input.oodFraction ?? 0, seed: input.splitSeed ?? 0 }
  if (splitBy === 'seeded') seededSplits(lines.length, seeded, parts[0]!.file).forEach((s, i) => (splits[i] = s))
  const counts = Object.fromEntries(TASK_SPLITS.map((s) => [s, splits.filter((x) => x === s).length])) as Record<TaskSplit, number>
  if (counts.train === 0) throw new AppError('BAD_REQUEST', `${parts[0]!.file}: no example is in the train split, so there is nothing to fine-tune on.`)
  if (counts.test + counts.ood === 0) warnings.push('No example is in the test or ood split: the task can be fine-tuned on but not evaluated.')

  const summary = kind === 'classification' ? labelSummary(lines, parts[0]!.file) : undefined
  const labels = summary?.labels
  if (labels) warnings.push(...labelWarnings(labels))
  const trainInputs = new Set(lines.filter((_, i) => splits[i] === 'train').map((l) => l.text ?? l.prompt))
  const leaked = lines.filter((l, i) => splits[i] !== 'train' && trainInputs.has(l.text ?? l.prompt)).length
  if (leaked > 0) warnings.push(`${leaked} test or ood example${leaked === 1 ? ' has' : 's have'} the same input as a training example; their scores say less about generalisation.`)

  // Kept in the definition so evaluation renders the instruct format the way the user asked;
  // by default it names the labels, which are only known now.
  const template: TaskTemplate =
    kind === 'classification'
      ? { instruction: input.instruction || `Answer with one of: ${labels!.join(', ')}.`, cue }
      : { instruction: input.instruction || 'Complete the text.', cue: input.cue ?? detectCue(lines.map((l) => l.prompt)), verbatim: true }
  const definition = importedTaskDefinition({ name: input.name, kind: kind!, lines, splits, template, ...(labels ? { labels } : {}), description: `Imported from ${input.sourceName ?? parts.map((p) => p.file).join(', ')}` })
  const trainLines = lines.filter((_, i) => splits[i] === 'train')
  const dataset = await writeDataset(store, dataDir, {
    name: input.name,
    kind: 'task',
    source: input.sourceName ?? parts[0]!.file,
    files: [
      { name: TASK_FILE, content: trainLines.map((l) => JSON.stringify(l) + '\n').join('') },
      { name: TASK_DEFINITION_FILE, content: JSON.stringify(definition) + '\n' },
    ],
    learned: input.learned ?? null,
    meta: {
      format: sources[0]!.format,
      taskKind: kind!,
      examples: lines.length,
      splits: counts,
      splitBy,
      ...(splitBy === 'seeded' ? { seededSplit: seeded } : {}),
      columns: input.columns ?? {},
      labels,
      labelCounts: summary?.labelCounts,
      template,
      sources,
      sourceBytes: sources.reduce((a, s) => a + s.bytes, 0),
      sourceSha256: sources[0]!.sha256,
      warnings,
    },
  })
  return {
    dataset,
    stats: { format: sources[0]!.format, lines: lines.length, bytes: dataset.bytes, sourceBytes: sources.reduce((a, s) => a + s.bytes, 0), labels: summary?.labelCounts, splits: counts, warnings },
  }
}
