/**
 * Applying a cluster job's event log to the store, idempotently: each new line is handed to
 * `apply` inside one transaction that also moves the job's ingested seq past it. If `apply`
 * throws, the transaction rolls back and the seq stays, so the line is read again; a line at or
 * below the stored seq (a re-read, a restarted owner) is never applied twice.
 */
import type { FromWorker } from '../jobs/protocol'
import type { Store } from '../store'
import { readNewLines, type LogCursor } from './event-log'

export interface IngestResult {
  applied: number
  warnings: string[]
  pendingBytes: number
}

export function ingestLog(
  store: Store,
  jobId: number,
  path: string,
  cursor: LogCursor,
  apply: (message: FromWorker, seq: number) => void,
): IngestResult {
  const read = readNewLines(path, cursor)
  let applied = 0
  for (const line of read.lines) {
    let done: boolean
    try {
      done = store.db.transaction(() => {
        if (!store.jobs.markIngested(jobId, line.seq)) return false
        apply(line.message, line.seq)
        return true
      })()
    } catch (error) {
      // The reader had moved past lines not applied yet: the next read starts over, passing
      // over what is applied (by seq).
      cursor.offset = 0
      cursor.line = 0
      throw error
    }
    cursor.seq = line.seq
    if (done) applied += 1
  }
  return { applied, warnings: read.warnings, pendingBytes: read.pendingBytes }
}
