/**
 * How checkpoint paths are stored: relative to the data folder (with "/" separators, the same
 * on every platform) when they lie inside it, absolute otherwise (an exported or imported
 * folder elsewhere). Everything above the store sees absolute paths.
 */
import { existsSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'

/** A checkpoint folder's place inside any data folder: `checkpoints/run-12/step-0000100`. */
const IN_DATA_FOLDER = /[\\/](checkpoints[\\/]run-\d+[\\/].+)$/

/**
 * The form to store. With `relocate`, an absolute path inside another data folder (one this
 * database was copied from) becomes relative when the same checkpoint exists in this one.
 */
export function storedCheckpointPath(path: string, dataDir: string | undefined, options: { relocate?: boolean } = {}): string {
  if (dataDir === undefined || !isAbsolute(path)) return path
  const root = resolve(dataDir)
  const full = resolve(path)
  if (full.startsWith(root + sep)) return relative(root, full).split(sep).join('/')
  if (options.relocate) {
    const tail = IN_DATA_FOLDER.exec(full)?.[1]
    if (tail && existsSync(join(root, tail))) return tail.split(/[\\/]/).join('/')
  }
  return path
}

/** The absolute path of a stored one. */
export function resolvedCheckpointPath(stored: string, dataDir: string | undefined): string {
  if (dataDir === undefined || isAbsolute(stored)) return stored
  return join(dataDir, ...stored.split('/'))
}
