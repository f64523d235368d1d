/**
 * The only module that imports better-sqlite3. Opens a database with the settings every
 * connection needs and brings its schema up to date.
 */
import Database from 'better-sqlite3'
import { AppError } from '../errors'
import { migrate } from './migrate'

export type Db = Database.Database
export type Statement = Database.Statement

export interface OpenOptions {
  /** Apply pending migrations (default). Tests turn this off to build old schemas. */
  migrate?: boolean
  readonly?: boolean
  /** The data folder this database serves: checkpoint paths are stored relative to it. */
  dataDir?: string
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  // The desktop app runs under Electron's ABI and is handed a better-sqlite3 binding built
  // for it (see scripts/start-electron.mjs); plain Node uses the one in node_modules.
  const nativeBinding = process.env.CONTINUUM_SQLITE_BINDING
  const db = construct(path, { readonly: options.readonly ?? false, ...(nativeBinding ? { nativeBinding } : {}) })
  try {
    if (path !== ':memory:' && !options.readonly) db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    // NORMAL is durable across application crashes in WAL mode; only a power cut can
    // lose the last transactions, never corrupt the file.
    db.pragma('synchronous = NORMAL')
    if (options.migrate ?? true) migrate(db, undefined, options.dataDir)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * better-sqlite3 loads its binding on first use; a binding built for another Node.js (after
 * switching Node versions without `npm rebuild`) fails with dlopen's NODE_MODULE_VERSION text
 * and a stack trace. Say what happened and what to run instead.
 */
function construct(path: string, options: Database.Options): Db {
  try {
    return new Database(path, options)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const abi = /NODE_MODULE_VERSION (\d+)\. This version of Node\.js requires\s+NODE_MODULE_VERSION (\d+)/.exec(message)
    if (abi)
      throw new AppError(
        'UNSUPPORTED',
        `better-sqlite3 in node_modules was built for another Node.js (module ABI ${abi[1]}); this is Node.js ${process.version} (ABI ${abi[2]}). ` +
          'Run "npm rebuild better-sqlite3" (or "npm ci") with this Node.js, then start again.',
      )
    throw error
  }
}
