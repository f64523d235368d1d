/**
 * Changing the data folder from Settings: the choice is validated (absolute, creatable,
 * writable), stored in the settings file and used from the next start. No Electron imports.
 */
import { accessSync, constants, mkdirSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import type { DataFolderState } from '../../shared'
import { AppError } from '../core/errors'
import type { DataFolderControl } from '../core/system/data-folder'
import { readSettings, updateSettings } from './settings-file'

export interface DataFolderOptions {
  settingsFile: string
  /** The folder in use since this start. */
  current: string
  defaultDir: string
  /** CONTINUUM_DATA_DIR decides the folder; Settings cannot override it. */
  fromEnv: boolean
}

export function createDataFolderControl(o: DataFolderOptions): DataFolderControl {
  const state = (): DataFolderState => {
    const chosen = readSettings(o.settingsFile).dataDir ?? o.defaultDir
    return {
      current: o.current,
      next: !o.fromEnv && resolve(chosen) !== resolve(o.current) ? chosen : null,
      default: o.defaultDir,
      changeable: !o.fromEnv,
      reason: o.fromEnv ? 'CONTINUUM_DATA_DIR is set for this app, so it decides the data folder.' : null,
    }
  }
  return {
    state,
    set(dataDir) {
      if (o.fromEnv) throw new AppError('UNSUPPORTED', state().reason!)
      if (dataDir !== null) {
        if (!isAbsolute(dataDir)) throw new AppError('BAD_REQUEST', `The data folder must be an absolute path: ${dataDir}`)
        try {
          mkdirSync(dataDir, { recursive: true })
          accessSync(dataDir, constants.W_OK)
        } catch (error) {
          throw new AppError('IO', `Cannot use ${dataDir} as the data folder: ${error instanceof Error ? error.message : String(error)}`)
        }
      }
      const normalized = dataDir === null || resolve(dataDir) === resolve(o.defaultDir) ? null : resolve(dataDir)
      updateSettings(o.settingsFile, (s) => ({ ...s, dataDir: normalized }))
      return state()
    },
  }
}
