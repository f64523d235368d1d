/**
 * Importing a pre-training corpus: plain UTF-8 text, or JSON Lines of `{"text": ...}` (one
 * document per line; other fields ignored). The normalised file is `corpus.txt` — what a
 * training job reads — with JSONL documents separated by a blank line.
 */
import { resolve } from 'node:path'
import type { Dataset } from '../../../shared'
import { AppError } from '../errors'
import { CORPUS_FORMATS, formatOf, type CorpusFormat } from './formats'
import { applyColumnMap } from './columns'
import { describe, placeOf } from './parse-jsonl'
import type { ReadLimits } from './read-source'
import { readTable } from './read-table'
import { readSourceText } from './source-text'
import { checkDatasetName, writeDataset, type DatasetsStore } from './write-dataset'

export interface ImportCorpusInput {
  name: string
  file: string
  /** Default: from the extension (.txt → text, .jsonl → jsonl, .parquet → parquet). */
  format?: CorpusFormat
  /** JSONL and Parquet: the column holding each document (default "text"). */
  textColumn?: string
  limits?: ReadLimits
  /** How the dataset records where it came from (default: the file's path; an upload: the user's file name). */
  sourceName?: string
}

export interface ImportStats {
  format: string
  /** Records imported: documents (JSONL), lines (text) or examples (tasks). */
  lines: number
  /** Size of the normalised file. */
  bytes: number
  sourceBytes: number
  /** Classification tasks: label → count. */
  labels?: Record<string, number>
  /** Tasks: examples per split. */
  splits?: Record<'train' | 'test' | 'ood', number>
  warnings: string[]
}

export interface ImportResult {
  dataset: Dataset
  stats: ImportStats
}

export const CORPUS_FILE = 'corpus.txt'

export async function importCorpus(store: DatasetsStore, dataDir: string, input: ImportCorpusInput): Promise<ImportResult> {
  checkDatasetName(store, input.name)
  const file = resolve(input.file)
  const format = formatOf(file, CORPUS_FORMATS, input.format)
  const warnings: string[] = []
  let content: string
  let lines: number
  let source: { bytes: number; sha256: string }
  if (format === 'text') {
    const read = await readSourceText(file, input.limits)
    source = read
    content = read.text.endsWith('\n') ? read.text : read.text + '\n'
    lines = content.split('\n').length - 1
  } else {
    const read = await readTable(file, format, input.limits)
    source = read
    const { table, names } = applyColumnMap(read.table, input.textColumn ? { text: input.textColumn } : {}, file)
    const column = names.text ?? 'text'
    const docs: string[] = []
    let empty = 0
    for (const r of table.records) {
      const { fields } = r
      if (!('text' in fields) || fields.text === undefined) throw new AppError('BAD_REQUEST', `${file}, ${placeOf(r)}: "${column}" is missing.`)
      if (typeof fields.text !== 'string') throw new AppError('BAD_REQUEST', `${file}, ${placeOf(r)}: "${column}" must be a string, got ${describe(fields.text)}.`)
      // Empty documents are common in exported corpora and carry nothing: skip, but say so.
      if (fields.text.trim() === '') empty++
      else docs.push(fields.text.replace(/\r\n?/g, '\n'))
    }
    if (docs.length === 0) throw new AppError('BAD_REQUEST', `${file}: every document is empty.`)
    if (empty > 0) warnings.push(`${empty} empty document${empty === 1 ? ' was' : 's were'} skipped.`)
    content = docs.join('\n\n') + '\n'
    lines = docs.length
  }
  const dataset = await writeDataset(store, dataDir, {
    name: input.name,
    kind: 'corpus',
    source: input.sourceName ?? file,
    files: [{ name: CORPUS_FILE, content }],
    meta: { format, records: lines, sourceBytes: source.bytes, sourceSha256: source.sha256, warnings },
  })
  return { dataset, stats: { format, lines, bytes: dataset.bytes, sourceBytes: source.bytes, warnings } }
}
