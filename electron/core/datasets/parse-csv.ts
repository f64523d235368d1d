/**
 * CSV with a header row (RFC 4180: quoted fields, doubled quotes, newlines inside quotes),
 * parsed by csv-parse, which is strict about quoting and reports the line of a fault. Column
 * names are matched case-insensitively and without surrounding blanks ("Label " is "label").
 */
import { CsvError, parse } from 'csv-parse/sync'
import { AppError } from '../errors'
import type { SourceRecord } from './parse-jsonl'

interface ParsedRecord {
  record: string[]
  info: { lines: number }
  raw: string
}

export function parseCsv(text: string, file: string): { columns: string[]; records: SourceRecord[] } {
  let parsed: ParsedRecord[]
  try {
    parsed = parse(text, { info: true, raw: true, skip_empty_lines: true }) as unknown as ParsedRecord[]
  } catch (e) {
    if (e instanceof CsvError) throw new AppError('BAD_REQUEST', csvMessage(e, file, text))
    throw e
  }
  const [header, ...rows] = parsed
  if (!header) throw new AppError('BAD_REQUEST', `${file} has no header row.`)
  const columns = header.record.map((c) => c.trim().toLowerCase())
  columns.forEach((c, i) => {
    if (c === '') throw new AppError('BAD_REQUEST', `${file}, line ${header.info.lines}: column ${i + 1} of the header has no name.`)
    if (columns.indexOf(c) < i) throw new AppError('BAD_REQUEST', `${file}, line ${header.info.lines}: the header names the column "${c}" twice.`)
  })
  if (rows.length === 0) throw new AppError('BAD_REQUEST', `${file} has a header but no records.`)
  const records = rows.map((r) => ({ line: startLine(r), fields: Object.fromEntries(columns.map((c, i) => [c, r.record[i]])) }))
  return { columns, records }
}

/** info.lines is where a record ENDS; a quoted field may span lines, so count back over them. */
function startLine(r: ParsedRecord): number {
  const body = r.raw.replace(/^\n+/, '').replace(/\n$/, '')
  return r.info.lines - (body.match(/\n/g)?.length ?? 0)
}

function csvMessage(e: CsvError, file: string, text: string): string {
  const line = typeof e.lines === 'number' ? e.lines : undefined
  const at = line === undefined ? file : `${file}, line ${line}`
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      // csv-parse reports the last line; the user needs the line where the quote opened.
      return `${file}, line ${openingQuoteLine(text) ?? line}: a quoted field opens here and is never closed; check for a missing closing quote.`
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `${at}: a stray quote; a field that contains quotes must be quoted itself, with each inner quote doubled ("").`
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return `${at}: the record has a different number of fields from the header; quote fields that contain commas.`
    default:
      return `${at}: ${e.message}`
  }
}

/** The line of the quote that opens the field still open at the end of the text. */
function openingQuoteLine(text: string): number | undefined {
  let line = 1
  let opened: number | undefined
  let fieldStart = true
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (opened !== undefined) {
      if (c === '"' && text[i + 1] === '"') i++
      else if (c === '"') opened = undefined
      else if (c === '\n') line++
      continue
    }
    if (c === '"' && fieldStart) opened = line
    fieldStart = c === ',' || c === '\n'
    if (c === '\n') line++
  }
  return opened
}
