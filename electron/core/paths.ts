import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where Continuum keeps its database and checkpoints unless told otherwise. The desktop app
 * and `npm run serve` share it, so both see the same runs.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CONTINUUM_DATA_DIR) return env.CONTINUUM_DATA_DIR
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Continuum')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Continuum')
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'continuum')
}

export const databaseFile = (dataDir: string): string => join(dataDir, 'continuum.db')
