/**
 * The CLI and the web host as real OS processes for the fault suite: each in its own process
 * group (so a "terminal Ctrl-C" can be sent to the whole group), with a marker in the
 * environment that their workers inherit, and the store read through its own read-only
 * connection (the test never becomes a reader or owner itself).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'

const ROOT = join(__dirname, '../..')

export interface Proc {
  child: ChildProcess
  pid: number
  output(): string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

function start(args: string[], marker: string): Proc {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, [marker]: '1', FORCE_COLOR: '0' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (c: Buffer) => void (out += c.toString('utf8')))
  child.stderr!.on('data', (c: Buffer) => void (out += c.toString('utf8')))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  return { child, pid: child.pid!, output: () => out, exited }
}

export const startCli = (schedule: string, dataDir: string, marker: string, extra: string[] = []): Proc =>
  start(['--import', 'tsx', join(ROOT, 'electron/cli/experiment.ts'), schedule, '--data-dir', dataDir, '--concurrency', '1', ...extra], marker)

/** The built web host (`npm test` builds before the tests run; the host refuses to start without the renderer). */
export const HOST_BUNDLE = join(ROOT, 'out/main/host.js')
export const startServe = (dataDir: string, marker: string): Proc => start([HOST_BUNDLE, '--data-dir', dataDir, '--port', '0'], marker)

export function readStore<T>(dbPath: string, read: (db: Database.Database) => T): T {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    return read(db)
  } finally {
    db.close()
  }
}

export const lossSteps = (db: Database.Database, runId: number): { step: number; value: number }[] =>
  db.prepare("SELECT m.step AS step, m.value AS value FROM metrics m JOIN metric_series s ON s.id = m.series_id WHERE s.run_id = ? AND s.key = 'train/loss' ORDER BY m.step").all(runId) as { step: number; value: number }[]

export const lastLossStep = (db: Database.Database): number =>
  (db.prepare("SELECT coalesce(max(m.step), 0) AS n FROM metrics m JOIN metric_series s ON s.id = m.series_id WHERE s.key = 'train/loss'").get() as { n: number }).n
