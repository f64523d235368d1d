/**
 * The app's own settings: a small JSON file in Electron's userData folder holding the window
 * state and the data folder. Read leniently (a broken file means defaults), written atomically.
 * No Electron imports.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join } from 'node:path'
import { parseWindowState, type WindowState } from './window-state'

export interface AppSettings {
  window: WindowState | null
  /** The data folder chosen in Settings; null means the default. Read once at start. */
  dataDir: string | null
}

export const SETTINGS_FILE = 'settings.json'

export function settingsPath(userDataDir: string): string {
  return join(userDataDir, SETTINGS_FILE)
}

export function parseSettings(value: unknown): AppSettings {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  const dataDir = typeof v.dataDir === 'string' && isAbsolute(v.dataDir) ? v.dataDir : null
  return { window: parseWindowState(v.window), dataDir }
}

export function readSettings(file: string): AppSettings {
  try {
    return parseSettings(JSON.parse(readFileSync(file, 'utf8')))
  } catch {
    return parseSettings(undefined)
  }
}

export function writeSettings(file: string, settings: AppSettings): void {
  mkdirSync(dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(settings, null, 2) + '\n')
  renameSync(tmp, file)
}

/** Reads, changes and writes the file in one go. */
export function updateSettings(file: string, change: (s: AppSettings) => AppSettings): AppSettings {
  const next = change(readSettings(file))
  writeSettings(file, next)
  return next
}

/**
 * The data folder the app uses: CONTINUUM_DATA_DIR wins (for tests and scripts), then the
 * folder chosen in Settings, then the default (the one `npm run serve` uses too, so both see
 * the same runs).
 */
export function resolveDataDir(env: NodeJS.ProcessEnv, settings: AppSettings, defaultDir: string): { dataDir: string; source: 'env' | 'settings' | 'default' } {
  if (env.CONTINUUM_DATA_DIR) return { dataDir: env.CONTINUUM_DATA_DIR, source: 'env' }
  if (settings.dataDir) return { dataDir: settings.dataDir, source: 'settings' }
  return { dataDir: defaultDir, source: 'default' }
}
