import { createHash } from 'node:crypto'
import type { Db } from '../../electron/core/store/database'

/** sha256 of a canonical dump of every table (each row as JSON, rows sorted; some tables have no rowid): equal digests, unchanged database. */
export function databaseDigest(db: Db): string {
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all()
  const hash = createHash('sha256')
  for (const { name } of tables) {
    hash.update(`table ${name}\n`)
    const rows = db
      .prepare(`SELECT * FROM "${name}"`)
      .raw()
      .all()
      .map((row) => JSON.stringify(row, (_, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))
    for (const row of rows.sort()) hash.update(`${row}\n`)
  }
  return hash.digest('hex')
}
