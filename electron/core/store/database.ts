/**
 * The only module that imports better-sqlite3. Opens a database with the settings every
 * connection needs and brings its schema up to date.
 */
import Database from 'better-sqlite3'
import { migrate } from './migrate'

export type Db = Database.Database
export type Statement = Database.Statement

export interface OpenOptions {
  /** Apply pending migrations (default). Tests turn this off to build old schemas. */
  migrate?: boolean
  readonly?: boolean
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  // The desktop app runs under Electron's ABI and is handed a better-sqlite3 binding built
  // for it (see scripts/start-electron.mjs); plain Node uses the one in node_modules.
  const nativeBinding = process.env.CONTINUUM_SQLITE_BINDING
  const db = new Database(path, { readonly: options.readonly ?? false, ...(nativeBinding ? { nativeBinding } : {}) })
  try {
    if (path !== ':memory:' && !options.readonly) db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    // NORMAL is durable across application crashes in WAL mode; only a power cut can
    // lose the last transactions, never corrupt the file.
    db.pragma('synchronous = NORMAL')
    if (options.migrate ?? true) migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
