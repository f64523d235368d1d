/**
 * Parquet, as Hugging Face distributes datasets, read by hyparquet with its compressors
 * (snappy, gzip, brotli, zstd, lz4). Records are numbered by row (1-based, over all row
 * groups), which is how a user finds one again in pandas or DuckDB. Integers that are
 * bigints in Parquet become numbers when they fit; anything else keeps its type, so the
 * field checks downstream say what was found.
 */
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { AppError } from '../errors'
import type { SourceRecord } from './parse-jsonl'

export interface ParquetTable {
  columns: string[]
  records: SourceRecord[]
}

const bad = (message: string) => new AppError('BAD_REQUEST', message)

export async function parseParquet(data: Uint8Array, file: string): Promise<ParquetTable> {
  if (data.length === 0) throw bad(`${file} is empty.`)
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer
  let columns: string[]
  try {
    const metadata = parquetMetadata(buffer)
    columns = parquetSchema(metadata).children.map((c) => c.element.name)
  } catch (e) {
    // A truncated download loses the footer, where Parquet keeps its schema.
    throw bad(`${file}: not a readable Parquet file (${e instanceof Error ? e.message : String(e)}); is the download complete?`)
  }
  let rows: Record<string, unknown>[]
  try {
    rows = await parquetReadObjects({ file: buffer, compressors })
  } catch (e) {
    throw bad(`${file}: a row group cannot be read (${e instanceof Error ? e.message : String(e)}); the file is damaged.`)
  }
  if (rows.length === 0) throw bad(`${file} has no rows.`)
  const records = rows.map((row, i) => ({ line: i + 1, unit: 'row' as const, fields: Object.fromEntries(Object.entries(row).map(([k, v]) => [k.trim().toLowerCase(), plain(v)])) }))
  return { columns: columns.map((c) => c.trim().toLowerCase()), records }
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString()
  return value
}
