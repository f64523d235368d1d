/**
 * Checkpoint paths relative to the data folder, so a copied or moved folder keeps working.
 * SQL cannot know where the folder is, so this migration runs in code with the folder the
 * store was opened for (none for a database opened on its own: its paths stay as they are,
 * and still resolve).
 */
import type { Db } from '../database'
import { storedCheckpointPath } from '../checkpoint-paths'

export const sql = ''

export function run(db: Db, dataDir: string | undefined): void {
  if (dataDir === undefined) return
  const rows = db.prepare<[], { id: number; path: string }>('SELECT id, path FROM checkpoints').all()
  const update = db.prepare<[string, number]>('UPDATE checkpoints SET path = ? WHERE id = ?')
  for (const row of rows) {
    const stored = storedCheckpointPath(row.path, dataDir, { relocate: true })
    if (stored !== row.path) update.run(stored, row.id)
  }
}
