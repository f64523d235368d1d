import type { DataFolderState } from '../../../shared'

/** The desktop app's control over its data folder (the web host has none). */
export interface DataFolderControl {
  state(): DataFolderState
  /** Chooses the folder for the next start; null goes back to the default. */
  set(dataDir: string | null): DataFolderState
}

export function fixedDataFolder(dataDir: string): DataFolderState {
  return { current: dataDir, next: null, default: dataDir, changeable: false, reason: 'This server was started with its data folder (--data-dir or CONTINUUM_DATA_DIR); restart it with another to change it.' }
}
