/**
 * Column mapping: which of a file's columns (or JSON fields) play which role. Column names are
 * compared lower-cased and trimmed, as the CSV reader gives them. Unmapped roles keep their own
 * name ("label" is the label column unless the mapping says otherwise); a mapped column
 * replaces any column that happens to carry the role's name.
 */
import { AppError } from '../errors'
import type { SourceRecord } from './parse-jsonl'

export const COLUMN_ROLES = ['prompt', 'completion', 'text', 'label', 'split', 'id'] as const
export type ColumnRole = (typeof COLUMN_ROLES)[number]
export type ColumnMap = Partial<Record<ColumnRole, string>>

export interface Table {
  /** Null for JSONL, whose records may each carry different fields. */
  columns: string[] | null
  records: SourceRecord[]
}

const norm = (c: string) => c.trim().toLowerCase()

/** The columns a file has: its header, or every field some JSONL record carries. */
export function columnsOf(table: Table): string[] {
  if (table.columns) return table.columns
  const seen = new Set<string>()
  for (const r of table.records) for (const k of Object.keys(r.fields)) seen.add(norm(k))
  return [...seen]
}

/** Role → the source column's name, for messages ("answer" rather than "label"). */
export type SourceNames = Partial<Record<ColumnRole, string>>

export function applyColumnMap(table: Table, map: ColumnMap, file: string): { table: Table; names: SourceNames } {
  const present = columnsOf(table)
  const entries = Object.entries(map).filter((e): e is [ColumnRole, string] => typeof e[1] === 'string' && e[1].trim() !== '').map(([role, column]) => [role, norm(column)] as const)
  for (const [role, column] of entries)
    if (!present.includes(column))
      throw new AppError('BAD_REQUEST', `${file}: there is no column "${column}" (chosen as the ${role} column); the columns are ${present.map((c) => `"${c}"`).join(', ') || 'none'}.`)
  if (entries.length === 0) return { table, names: {} }
  const records = table.records.map((r) => {
    const lower = Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [norm(k), v]))
    const fields: Record<string, unknown> = { ...lower }
    for (const [role] of entries) delete fields[role]
    for (const [role, column] of entries) if (column in lower) fields[role] = lower[column]
    return { ...r, fields }
  })
  const columns = table.columns ? [...new Set([...table.columns.filter((c) => !entries.some(([role]) => role === c)), ...entries.map(([role]) => role)])] : null
  return { table: { columns, records }, names: Object.fromEntries(entries.filter(([role, column]) => role !== column)) }
}
