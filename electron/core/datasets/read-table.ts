/** A task or corpus file as records, whatever its format: JSONL, CSV or Parquet. */
import type { Table } from './columns'
import { parseCsv } from './parse-csv'
import { parseJsonl } from './parse-jsonl'
import { parseParquet } from './parse-parquet'
import { readSourceBytes, type ReadLimits } from './read-source'
import { decodeSource } from './source-text'

export interface ReadTable {
  table: Table
  bytes: number
  sha256: string
}

export async function readTable(file: string, format: 'jsonl' | 'csv' | 'parquet', limits: ReadLimits = {}): Promise<ReadTable> {
  const source = await readSourceBytes(file, limits)
  const at = { bytes: source.bytes, sha256: source.sha256 }
  if (format === 'parquet') return { table: await parseParquet(source.data, file), ...at }
  const text = decodeSource(source.data, file)
  if (format === 'csv') return { table: parseCsv(text, file), ...at }
  return { table: { columns: null, records: parseJsonl(text, file) }, ...at }
}
