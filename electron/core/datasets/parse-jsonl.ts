/** JSON Lines: one JSON object per line; blank lines are skipped, line numbers kept for messages. */
import { AppError } from '../errors'

export interface SourceRecord {
  /** 1-based line where the record starts in the source file (row, for Parquet). */
  line: number
  /** How `line` is named in messages; 'line' when absent. */
  unit?: 'row'
  fields: Record<string, unknown>
}

/** "line 3" or "row 3": where a record is, in the words of its format. */
export const placeOf = (r: Pick<SourceRecord, 'line' | 'unit'>): string => `${r.unit ?? 'line'} ${r.line}`

export function parseJsonl(text: string, file: string): SourceRecord[] {
  const out: SourceRecord[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (e) {
      throw new AppError('BAD_REQUEST', `${file}, line ${i + 1}: not valid JSON (${(e as Error).message}).`)
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new AppError('BAD_REQUEST', `${file}, line ${i + 1}: expected a JSON object, got ${describe(value)}.`)
    out.push({ line: i + 1, fields: value as Record<string, unknown> })
  }
  if (out.length === 0) throw new AppError('BAD_REQUEST', `${file} has no records.`)
  return out
}

/** A JSON value's type in words, for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}
