/**
 * Importing a pre-training corpus: plain UTF-8 text, or JSON Lines of `{"text": ...}` (one
 * document per line; other fields ignored). The normalised file is `corpus.txt` — what a
 * training job reads — with JSONL documents separated by a blank line.
 */
import { resolve } from 'node:path'
import type { Dataset } from '../../../shared'
import { AppError } from '../errors'
import { CORPUS_FORMATS, formatOf, type CorpusFormat } from './formats'
import { describe, parseJsonl } from './parse-jsonl'
import { readSourceText } from './source-text'
import { checkDatasetName, writeDataset, type DatasetsStore } from './write-dataset'

export interface ImportCorpusInput {
  name: string
  file: string
  /** Default: from the extension (.txt → text, .jsonl → jsonl). */
  format?: CorpusFormat
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
  const source = await readSourceText(file)
  const warnings: string[] = []
  let content: string
  let lines: number
  if (format === 'text') {
    content = source.text.endsWith('\n') ? source.text : source.text + '\n'
    lines = content.split('\n').length - 1
  } else {
    const docs: string[] = []
    let empty = 0
    for (const { line, fields } of parseJsonl(source.text, file)) {
      if (!('text' in fields)) throw new AppError('BAD_REQUEST', `${file}, line ${line}: "text" is missing.`)
      if (typeof fields.text !== 'string') throw new AppError('BAD_REQUEST', `${file}, line ${line}: "text" must be a string, got ${describe(fields.text)}.`)
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
    source: file,
    fileName: CORPUS_FILE,
    content,
    meta: { format, records: lines, sourceBytes: source.bytes, sourceSha256: source.sha256, warnings },
  })
  return { dataset, stats: { format, lines, bytes: dataset.bytes, sourceBytes: source.bytes, warnings } }
}
