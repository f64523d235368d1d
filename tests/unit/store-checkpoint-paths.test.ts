/**
 * Checkpoint paths relative to the data folder: a database written by the previous schema
 * (absolute paths) is rewritten by migration 7; new rows are stored relative; a data folder
 * copied elsewhere opens with every checkpoint pointing into the copy and loading from it.
 */
import { cpSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadCheckpoint, saveCheckpoint } from '../../electron/core/engine/checkpoint'
import { initParams, paramLayout } from '../../electron/core/engine/params'
import { openService } from '../../electron/core/service'
import { openDatabase } from '../../electron/core/store/database'
import { migrate } from '../../electron/core/store/migrate'
import { LATEST_SCHEMA_VERSION } from '../../electron/core/store/migrations'
import type { ModelConfig } from '../../shared'
import { tempDir } from '../helpers/temp'

const config: ModelConfig = { layers: 1, heads: 1, width: 8, context: 4, vocab: 6, dropout: 0 }
const SHA = 'c'.repeat(64)

async function saveTiny(folder: string, step: number) {
  return saveCheckpoint(folder, {
    config,
    tokenizer: { kind: 'char', chars: ['a', 'b', 'c', 'd'] },
    params: initParams(paramLayout(config), step),
    runId: 1,
    step,
    tokensSeen: step * 16,
    parent: null,
    phase: 'pretrain',
    seed: 1,
  })
}

const storedPaths = (dbFile: string) => {
  const db = openDatabase(dbFile, { migrate: false, readonly: true })
  try {
    return (db.prepare('SELECT path FROM checkpoints ORDER BY id').all() as { path: string }[]).map((r) => r.path)
  } finally {
    db.close()
  }
}

describe('checkpoint paths relative to the data folder', () => {
  it('rewrites the absolute paths of a version-6 database, and keeps outside ones absolute', async () => {
    const dir = tempDir()
    try {
      const dataDir = join(dir.path, 'data')
      const inside = join(dataDir, 'checkpoints', 'run-1', 'step-0000010')
      await saveTiny(inside, 10)
      const outside = join(dir.path, 'exported', 'step-0000010')
      // As the previous version wrote it: schema 6, absolute paths.
      const dbFile = join(dataDir, 'continuum.db')
      const old = openDatabase(dbFile, { migrate: false })
      migrate(old, 6)
      old.prepare("INSERT INTO runs (name, kind, created_at, updated_at) VALUES ('r', 'pretrain', 1, 1)").run()
      const insert = old.prepare("INSERT INTO checkpoints (run_id, step, tokens, path, bytes, sha256, created_at) VALUES (1, ?, 0, ?, 1, ?, 1)")
      insert.run(10, inside, SHA)
      insert.run(20, outside, SHA)
      old.close()

      const service = openService(dataDir, { autoStart: false })
      expect(service.store.schemaVersion).toBe(LATEST_SCHEMA_VERSION)
      expect(service.store.checkpoints.listByRun(1).map((c) => c.path)).toEqual([inside, outside])
      // New rows are stored relative too.
      service.store.checkpoints.create({ runId: 1, step: 30, tokens: 0, path: join(dataDir, 'checkpoints', 'run-1', 'step-0000030'), bytes: 1, sha256: SHA })
      service.close()
      expect(storedPaths(dbFile)).toEqual(['checkpoints/run-1/step-0000010', outside, 'checkpoints/run-1/step-0000030'])
    } finally {
      dir.cleanup()
    }
  })

  it('opens a data folder copied elsewhere, even one copied before the migration, and loads its checkpoints', async () => {
    const dir = tempDir()
    try {
      const original = join(dir.path, 'original')
      const folder = join(original, 'checkpoints', 'run-1', 'step-0000010')
      const saved = await saveTiny(folder, 10)
      // Written by the previous version (absolute paths), then copied, then the original removed.
      const old = openDatabase(join(original, 'continuum.db'), { migrate: false })
      migrate(old, 6)
      old.prepare("INSERT INTO runs (name, kind, created_at, updated_at) VALUES ('r', 'pretrain', 1, 1)").run()
      old.prepare('INSERT INTO checkpoints (run_id, step, tokens, path, bytes, sha256, created_at) VALUES (1, 10, 160, ?, ?, ?, 1)').run(folder, saved.bytes, saved.sha256)
      old.close()
      const moved = join(dir.path, 'moved')
      cpSync(original, moved, { recursive: true })
      rmSync(original, { recursive: true })

      const service = openService(moved, { autoStart: false })
      const [checkpoint] = service.store.checkpoints.listByRun(1)
      expect(checkpoint!.path).toBe(join(moved, 'checkpoints', 'run-1', 'step-0000010'))
      const loaded = await loadCheckpoint(checkpoint!.path)
      expect(loaded.manifest.step).toBe(10)
      service.close()

      // And once more: the migrated folder moved again still resolves (its paths are relative now).
      const again = join(dir.path, 'again')
      cpSync(moved, again, { recursive: true })
      rmSync(moved, { recursive: true })
      const reopened = openService(again, { autoStart: false })
      const path = reopened.store.checkpoints.get(checkpoint!.id).path
      expect(path).toBe(join(again, 'checkpoints', 'run-1', 'step-0000010'))
      expect((await loadCheckpoint(path)).manifest.step).toBe(10)
      expect(reopened.store.checkpoints.byPath(path)?.id).toBe(checkpoint!.id)
      reopened.close()
    } finally {
      dir.cleanup()
    }
  })
})
