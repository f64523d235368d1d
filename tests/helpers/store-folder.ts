/**
 * A temp folder and an in-memory store, both fresh for each test of the file that calls it
 * (registered as beforeEach / afterEach), for tests that import files into a data folder.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { Store } from '../../electron/core/store'
import { tempDir } from './temp'

export interface StoreFolder {
  /** The current test's store and folder; reading them outside a test throws. */
  readonly store: Store
  readonly dir: string
  /** Writes `content` to `name` in the folder and returns its path. */
  write(name: string, content: string | Uint8Array): string
}

export function storeAndFolderPerTest(): StoreFolder {
  let current: { store: Store; tmp: ReturnType<typeof tempDir> } | null = null
  beforeEach(() => {
    current = { store: Store.open(':memory:'), tmp: tempDir() }
  })
  afterEach(() => {
    current?.store.close()
    current?.tmp.cleanup()
    current = null
  })
  const now = () => {
    if (!current) throw new Error('storeAndFolderPerTest: used outside a test')
    return current
  }
  return {
    get store() {
      return now().store
    },
    get dir() {
      return now().tmp.path
    },
    write(name, content) {
      const path = join(now().tmp.path, name)
      writeFileSync(path, content)
      return path
    },
  }
}
