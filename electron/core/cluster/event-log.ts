/**
 * A cluster job's event log (issue 15): everything its worker would send the runner, one JSON
 * line `{"seq":N,"message":{...}}` each, appended and fsync'd in the job's folder. The worker
 * needs no connection back to the workstation; the owner of the data folder reads the log and
 * ingests it. Sequence numbers start at 1 and make the ingest idempotent: a line whose seq the
 * store has already applied is passed over, so a re-read, a restart or a crash mid-ingest
 * neither loses nor duplicates a message.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs'
import { z } from 'zod'
import { FromWorker } from '../jobs/protocol'

/** The log's name in a job folder. */
export const EVENT_LOG = 'events.jsonl'

export const EventLine = z.strictObject({ seq: z.number().int().min(1), message: FromWorker })
export type EventLine = z.infer<typeof EventLine>

/** A log line longer than this is corrupt (the largest message, an evaluation with 2,000 item scores or 200 metric points, is ~60 KB). */
export const MAX_LINE_BYTES = 4 * 1024 * 1024

/**
 * The worker's side. Each append is one write of a whole line followed by fsync, so after a
 * crash (the node lost, scancel --signal=KILL) the log ends at a line boundary or in one
 * truncated line, which the reader waits on and never applies.
 */
export class EventLogWriter {
  private readonly fd: number
  private seq: number

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a')
    // A worker restarted on the same folder continues the numbering (it never is today: each
    // attempt has a folder of its own), so seq stays unique within a file.
    this.seq = fstatSync(this.fd).size === 0 ? 0 : lastSeq(path)
  }

  append(message: FromWorker): number {
    this.seq += 1
    writeSync(this.fd, `${JSON.stringify({ seq: this.seq, message })}\n`)
    fsyncSync(this.fd)
    return this.seq
  }

  close(): void {
    closeSync(this.fd)
  }
}

function lastSeq(path: string): number {
  const cursor = newCursor(0)
  let seq = 0
  for (const line of readNewLines(path, cursor).lines) seq = Math.max(seq, line.seq)
  return seq
}

/** Where the reader is in a log: bytes and lines consumed, and the last seq applied. */
export interface LogCursor {
  offset: number
  line: number
  seq: number
}

export const newCursor = (appliedSeq: number): LogCursor => ({ offset: 0, line: 0, seq: appliedSeq })

export interface ReadResult {
  /** New lines in seq order, none at or below the cursor's seq. */
  lines: EventLine[]
  /** Lines passed over, each naming the file and line number. */
  warnings: string[]
  /** Bytes after the last newline: a line still being written (or cut by a crash). */
  pendingBytes: number
}

/**
 * Reads the complete lines written since the cursor and advances it past them. A last line
 * without its newline is left for the next read. A line that is not JSON, is not a valid
 * message, or repeats or goes back in seq is passed over with a warning; the rest still apply.
 * The cursor's `seq` is advanced only by the caller once a line is applied (so a failed apply
 * is read again).
 */
export function readNewLines(path: string, cursor: LogCursor): ReadResult {
  const bytes = readFrom(path, cursor.offset)
  const warnings: string[] = []
  const lines: EventLine[] = []
  let start = 0
  let seq = cursor.seq
  for (;;) {
    const end = bytes.indexOf(0x0a, start)
    if (end < 0) break
    cursor.line += 1
    const length = end - start
    const text = length > MAX_LINE_BYTES ? '' : bytes.subarray(start, end).toString('utf8')
    start = end + 1
    const where = `${path}:${cursor.line}`
    if (length > MAX_LINE_BYTES) {
      warnings.push(`${where}: a line of ${length} bytes is longer than ${MAX_LINE_BYTES}; skipped`)
      continue
    }
    if (text.trim() === '') continue
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      warnings.push(`${where}: not JSON (${JSON.stringify(text.slice(0, 60))}); skipped`)
      continue
    }
    const parsed = EventLine.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      warnings.push(`${where}: not an event (${issue ? `${issue.path.join('.') || '(line)'}: ${issue.message}` : 'invalid'}); skipped`)
      continue
    }
    if (parsed.data.seq <= seq) {
      // Already applied (a re-read after a restart), or out of order, which a single writer never does.
      if (parsed.data.seq > cursor.seq) warnings.push(`${where}: seq ${parsed.data.seq} after ${seq}; skipped`)
      continue
    }
    seq = parsed.data.seq
    lines.push(parsed.data)
  }
  cursor.offset += start
  return { lines, warnings, pendingBytes: bytes.length - start }
}

function readFrom(path: string, offset: number): Buffer {
  // Not written yet: the job has not started on its node.
  if (!existsSync(path)) return Buffer.alloc(0)
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    if (size <= offset) return Buffer.alloc(0)
    const buffer = Buffer.alloc(size - offset)
    let read = 0
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, offset + read)
      if (n === 0) break
      read += n
    }
    return buffer.subarray(0, read)
  } finally {
    closeSync(fd)
  }
}
