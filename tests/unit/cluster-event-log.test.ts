/**
 * A cluster job's event log and its ingest (issue 15): real files and a real SQLite store. The
 * log is written by the same writer the cluster worker uses; the ingest writes a row per line to
 * the store, so "neither loses nor duplicates" is counted in the store's own rows.
 */
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EventLogWriter, newCursor, readNewLines } from '../../electron/core/cluster/event-log'
import { ingestLog } from '../../electron/core/cluster/ingest'
import type { FromWorker } from '../../electron/core/jobs/protocol'
import { Store } from '../../electron/core/store'
import { tempDir } from '../helpers/temp'

const points = (step: number): FromWorker => ({ type: 'metrics', points: [{ key: 'train/loss', step, tokens: step * 64, wallTime: 1_800_000_000_000 + step, value: 5 - step / 10 }] })

let dir: { path: string; cleanup(): void }
let log: string
let store: Store
let runId: number
let jobId: number
beforeEach(() => {
  dir = tempDir()
  log = join(dir.path, 'events.jsonl')
  store = Store.open(':memory:')
  runId = store.runs.create({ experimentId: null, name: 'r', kind: 'pretrain', config: {}, parentCheckpointId: null, seed: 0, tags: [], notes: '' }).id
  jobId = store.jobs.create(runId).id
})
afterEach(() => {
  store.close()
  dir.cleanup()
})

function write(n: number, from = 1): void {
  const w = new EventLogWriter(log)
  for (let s = from; s < from + n; s++) w.append(points(s))
  w.close()
}

// Metric points are upserts (a duplicate would not show), so each applied line makes a run of
// its own: a line applied twice leaves two rows.
const apply = (m: FromWorker) => {
  if (m.type === 'metrics') store.runs.create({ experimentId: null, name: `step-${m.points[0]!.step}`, kind: 'pretrain', config: {}, parentCheckpointId: null, seed: 0, tags: [], notes: '' })
}
const stored = () => store.runs.list({}).filter((r) => r.id !== runId).map((r) => Number(r.name.slice(5))).sort((a, b) => a - b)

describe('the event log', () => {
  it('numbers lines from 1 and continues the numbering when reopened', () => {
    write(3)
    write(2, 4)
    const r = readNewLines(log, newCursor(0))
    expect(r.lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5])
    expect(r.lines.map((l) => (l.message.type === 'metrics' ? l.message.points[0]!.step : 0))).toEqual([1, 2, 3, 4, 5])
    expect(r.warnings).toEqual([])
  })

  it('leaves a truncated last line for the next read and applies it once it is complete', () => {
    write(2)
    const line = JSON.stringify({ seq: 3, message: points(3) })
    appendFileSync(log, line.slice(0, 25))
    const cursor = newCursor(0)
    const first = readNewLines(log, cursor)
    expect(first.lines.map((l) => l.seq)).toEqual([1, 2])
    expect(first.pendingBytes).toBe(25)
    cursor.seq = 2
    appendFileSync(log, `${line.slice(25)}\n`)
    const second = readNewLines(log, cursor)
    expect(second.lines.map((l) => l.seq)).toEqual([3])
    expect(second.pendingBytes).toBe(0)
  })

  it('passes over a corrupt line and an invalid message with a warning naming the file and line, and goes on', () => {
    write(1)
    appendFileSync(log, '{"seq":2,"mess\n')
    appendFileSync(log, `${JSON.stringify({ seq: 3, message: { type: 'metrics', points: [] } })}\n`)
    write(1, 4)
    const r = readNewLines(log, newCursor(0))
    // The writer, reopened, numbers on from the last valid line.
    expect(r.lines.map((l) => l.seq)).toEqual([1, 2])
    expect(r.lines.map((l) => (l.message.type === 'metrics' ? l.message.points[0]!.step : 0))).toEqual([1, 4])
    expect(r.warnings).toHaveLength(2)
    expect(r.warnings[0]).toMatch(new RegExp(`^${log}:2: not JSON`))
    expect(r.warnings[1]).toMatch(new RegExp(`^${log}:3: not an event \\(message.points: `))
  })

  it('reads nothing from a log not written yet', () => {
    expect(readNewLines(join(dir.path, 'none.jsonl'), newCursor(0))).toEqual({ lines: [], warnings: [], pendingBytes: 0 })
  })
})

describe('ingesting the log', () => {
  it('applies every line once across re-reads and a restarted reader', () => {
    write(4)
    const cursor = newCursor(0)
    expect(ingestLog(store, jobId, log, cursor, apply).applied).toBe(4)
    expect(ingestLog(store, jobId, log, cursor, apply).applied).toBe(0)
    write(3, 5)
    // A restarted owner starts at byte 0 with only the stored seq.
    const restarted = newCursor(store.jobs.get(jobId).ingestedSeq)
    expect(restarted.seq).toBe(4)
    expect(ingestLog(store, jobId, log, restarted, apply).applied).toBe(3)
    expect(ingestLog(store, jobId, log, newCursor(0), apply).applied).toBe(0)
    expect(stored()).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(store.jobs.get(jobId).ingestedSeq).toBe(7)
  })

  it('rolls back a line whose apply fails (a crash mid-ingest) and applies it on the next read', () => {
    write(5)
    const cursor = newCursor(0)
    let calls = 0
    const failingThird = (m: FromWorker) => {
      calls += 1
      apply(m)
      if (calls === 3) throw new Error('the process died here')
    }
    expect(() => ingestLog(store, jobId, log, cursor, failingThird)).toThrow('the process died here')
    expect(store.jobs.get(jobId).ingestedSeq).toBe(2)
    expect(stored()).toEqual([1, 2])
    expect(ingestLog(store, jobId, log, cursor, apply).applied).toBe(3)
    expect(stored()).toEqual([1, 2, 3, 4, 5])
  })

  it('goes on past a corrupt line', () => {
    write(2)
    writeFileSync(log, 'garbage\n', { flag: 'a' })
    write(1, 3)
    const r = ingestLog(store, jobId, log, newCursor(0), apply)
    expect(r.applied).toBe(3)
    expect(r.warnings).toEqual([`${log}:3: not JSON ("garbage"); skipped`])
    expect(stored()).toEqual([1, 2, 3])
  })
})
