/**
 * A schedule file as the CLI reads it: UTF-8 JSON (a byte-order mark allowed), checked against
 * the schema and, when there is no database yet, against an empty catalog, all before the
 * data folder is touched, so an invalid schedule never leaves a `continuum.db` behind.
 */
import { existsSync, readFileSync } from 'node:fs'
import type { ExperimentSchedule } from '../../shared'
import { AppError } from '../core/errors'
import { checkReferences, parseSchedule } from '../core/experiments/create'
import { Store } from '../core/store'

export function readScheduleJson(file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new AppError('IO', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  // Editors on Windows save UTF-8 with a byte-order mark, which JSON.parse refuses.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new AppError('BAD_REQUEST', `${file} is not valid JSON: ${(error as Error).message}`)
  }
}

/**
 * Everything that can be checked without opening `databasePath`. With no database yet nothing
 * is imported, so the references are checked against an empty in-memory store; otherwise they
 * are checked once the real one is open.
 */
export async function checkScheduleBeforeOpening(input: unknown, databasePath: string, dataDir: string): Promise<ExperimentSchedule> {
  const schedule = parseSchedule(input)
  if (!existsSync(databasePath)) {
    const empty = Store.open(':memory:')
    try {
      await checkReferences(schedule, empty, dataDir, 'peek')
    } finally {
      empty.close()
    }
  }
  return schedule
}
