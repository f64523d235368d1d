/** Which parser reads a file: given explicitly, or told by its extension. */
import { extname } from 'node:path'
import { AppError } from '../errors'

export const CORPUS_FORMATS = ['text', 'jsonl', 'parquet'] as const
export type CorpusFormat = (typeof CORPUS_FORMATS)[number]
export const TASK_FORMATS = ['jsonl', 'csv', 'parquet'] as const
export type TaskFileFormat = (typeof TASK_FORMATS)[number]

const BY_EXTENSION: Record<string, CorpusFormat | TaskFileFormat> = { '.txt': 'text', '.text': 'text', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.csv': 'csv', '.parquet': 'parquet', '.pq': 'parquet' }

export function formatOf<F extends string>(file: string, allowed: readonly F[], given: F | undefined): F {
  const format = given ?? (BY_EXTENSION[extname(file).toLowerCase()] as F | undefined)
  if (format === undefined) throw new AppError('BAD_REQUEST', `Cannot tell the format of ${file} from its extension; say which it is: ${allowed.join(' or ')}.`)
  if (!allowed.includes(format)) throw new AppError('BAD_REQUEST', `${file}: ${format} is not a format for this import; use ${allowed.join(' or ')}.`)
  return format
}
