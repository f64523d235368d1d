/**
 * Prompts cut to the context (migration 13): a version-12 database keeps its evaluations, each
 * read as not counted (null, never an invented 0); a count is recorded and replaced with its
 * cell; the column refuses what is not a count of the cell's prompts (0..n), as the schema does.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../electron/core/store/database'
import { migrate } from '../../electron/core/store/migrate'
import { Store } from '../../electron/core/store'
import { EvaluationCreate } from '../../shared'
import { tempDir } from '../helpers/temp'

describe('evaluations.truncated', () => {
  it('reads rows of a version-12 database as not counted, records counts, and refuses one outside 0..n', () => {
    const dir = tempDir()
    try {
      const path = join(dir.path, 'continuum.db')
      const old = openDatabase(path, { migrate: false })
      migrate(old, 12)
      old.prepare("INSERT INTO runs (id, name, kind, created_at, updated_at) VALUES (1, 'pretrain', 'pretrain', 1, 1)").run()
      old.prepare(`INSERT INTO checkpoints (id, run_id, step, tokens, path, bytes, sha256, created_at) VALUES (1, 1, 10, 160, 'checkpoints/c10', 1, '${'b'.repeat(64)}', 1)`).run()
      old.prepare("INSERT INTO evaluations (checkpoint_id, task, prompt_format, shots, metric, value, n, created_at) VALUES (1, 'nli', 'instruct', 0, 'accuracy', 0.4, 200, 1)").run()
      old.close()

      const store = Store.open(path)
      try {
        const [before] = store.evaluations.listByCheckpoint(1)
        expect(before).toMatchObject({ task: 'nli', value: 0.4, n: 200, truncated: null })
        const cell = { checkpointId: 1, task: 'nli', split: 'test', promptFormat: 'instruct' as const, shots: 0, metric: 'accuracy', value: 0.35, ciLow: 0.3, ciHigh: 0.4, n: 200 }
        expect(store.evaluations.record({ ...cell, truncated: 200 })).toMatchObject({ id: before!.id, value: 0.35, truncated: 200 })
        // Re-evaluated by a version that does not count: the count goes with the old score.
        expect(store.evaluations.record(cell).truncated).toBeNull()
        expect(() => store.evaluations.record({ ...cell, truncated: 201 })).toThrow(/CHECK constraint failed/)
        expect(() => store.evaluations.record({ ...cell, truncated: -1 })).toThrow(/CHECK constraint failed/)
        expect(store.evaluations.listByCheckpoint(1)[0]!.truncated).toBeNull()

        const tooMany = EvaluationCreate.safeParse({ ...cell, truncated: 201 })
        expect(tooMany.error?.issues[0]).toMatchObject({ path: ['truncated'], message: 'truncated counts prompts, at most one per example (n)' })
        expect(EvaluationCreate.safeParse({ ...cell, truncated: 2.5 }).success).toBe(false)
        expect(EvaluationCreate.safeParse({ ...cell, truncated: 200 }).success).toBe(true)
      } finally {
        store.close()
      }
    } finally {
      dir.cleanup()
    }
  })
})
