/**
 * Per-example scores (migration 9): recorded with an evaluation, returned by experiment for
 * the findings' paired comparisons, refused when they don't match the evaluation, and absent
 * (not invented) for rows recorded without them.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Store } from '../../electron/core/store'
import { EvaluationCreate } from '../../shared'
import { tempDir } from '../helpers/temp'

const SHA = 'd'.repeat(64)

function seeded() {
  const dir = tempDir()
  const store = Store.open(join(dir.path, 'continuum.db'))
  const exp = store.experiments.create({ name: 'items', description: '', schedule: null })
  const run = store.runs.create({ experimentId: exp.id, name: 'pretrain', kind: 'pretrain', config: {}, parentCheckpointId: null, seed: 0, tags: [], notes: '' })
  const ckpt = store.checkpoints.create({ runId: run.id, step: 10, tokens: 160, path: join(dir.path, 'checkpoints', 'c10'), bytes: 1, sha256: SHA })
  const cell = { checkpointId: ckpt.id, task: 'qa', split: 'test', promptFormat: 'default' as const, shots: 0, metric: 'exact-match', value: 0.5, ciLow: 0.1, ciHigh: 0.9, n: 4 }
  return { dir, store, exp, cell }
}

describe('evaluation items', () => {
  it('round-trips per-example scores by evaluation id, and leaves rows without them out', () => {
    const { dir, store, exp, cell } = seeded()
    try {
      const scored = store.evaluations.record({ ...cell, items: [1, 0, 0.25, 0.75] })
      store.evaluations.record({ ...cell, metric: 'majority-baseline', items: null })
      store.evaluations.record({ ...cell, metric: 'rouge-l' })
      expect([...store.evaluations.itemsByExperiment(exp.id)]).toEqual([[scored.id, [1, 0, 0.25, 0.75]]])
      // Re-evaluating replaces the scores with the cell.
      store.evaluations.record({ ...cell, value: 0.25, items: [0, 0, 1, 0] })
      expect(store.evaluations.itemsByExperiment(exp.id).get(scored.id)).toEqual([0, 0, 1, 0])
    } finally {
      store.close()
      dir.cleanup()
    }
  })

  it('refuses scores that are not one finite number per example, naming the field', () => {
    const { dir, store, cell } = seeded()
    try {
      const wrongCount = EvaluationCreate.safeParse({ ...cell, items: [1, 0] })
      expect(wrongCount.success).toBe(false)
      expect(wrongCount.error?.issues[0]).toMatchObject({ path: ['items'], message: 'items must hold one score per example (n)' })
      const nan = EvaluationCreate.safeParse({ ...cell, items: [1, 0, Number.NaN, 1] })
      expect(nan.error?.issues[0]?.path).toEqual(['items', 2])
      expect(EvaluationCreate.safeParse({ ...cell, items: [1, 0, 1, 1] }).success).toBe(true)
    } finally {
      store.close()
      dir.cleanup()
    }
  })
})
