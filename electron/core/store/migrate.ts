import type Database from 'better-sqlite3'
import { AppError } from '../errors'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations'

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Applies every pending migration up to `target` in one transaction, so a failure leaves the
 * database exactly as it was. A database written by a newer Continuum is refused rather than
 * guessed at.
 */
export function migrate(db: Database.Database, target = LATEST_SCHEMA_VERSION, dataDir?: string): number {
  const current = schemaVersion(db)
  if (current > LATEST_SCHEMA_VERSION) {
    throw new AppError(
      'UNSUPPORTED',
      `This database was written by a newer version of Continuum (schema ${current}; this version knows up to ${LATEST_SCHEMA_VERSION}). ` +
        'Update Continuum, or choose another data folder.',
      { schemaVersion: current, supported: LATEST_SCHEMA_VERSION },
    )
  }
  const pending = MIGRATIONS.filter((m) => m.version > current && m.version <= target)
  if (pending.length === 0) return current
  db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.sql)
      migration.run?.(db, dataDir)
    }
    db.pragma(`user_version = ${target}`)
  }).immediate()
  return target
}
