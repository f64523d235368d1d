/** Optimizer and validation settings: schedule fields with defaults, carried by every job's plan into its worker's spec. */
import { describe, expect, it } from 'vitest'
import { createExperiment } from '../../electron/core/experiments/create'
import { prepareRun } from '../../electron/core/experiments/prepare'
import { Store } from '../../electron/core/store'
import { ExperimentSchedule, expandSchedule } from '../../shared'
import { DEFAULT_OPTIMIZER } from '../../shared/schemas/optimizer'
import { tempDir } from '../helpers/temp'
import { tinySchedule } from '../helpers/tiny-schedule'

describe('optimizer and validation settings', () => {
  it('default to AdamW (0.9, 0.95, 1e-8, decay 0.1), clip 1 and 20 held-out points', () => {
    const s = ExperimentSchedule.parse(tinySchedule('d', 40))
    expect(s.optimizer).toEqual({ beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, clip: 1 })
    expect(s.validation).toEqual({ points: 20 })
    expect(expandSchedule(s, { taskSizes: {} })[0]!.optimizer).toEqual(DEFAULT_OPTIMIZER)
    expect(() => ExperimentSchedule.parse({ ...tinySchedule('d', 40), optimizer: { beta2: 1 } })).toThrow(/beta2/)
  })

  it('reach the worker: betas, decay and clip as set, held-out loss every steps / points', async () => {
    const dir = tempDir()
    const store = Store.open(':memory:')
    try {
      const input = { ...tinySchedule('set', 40), optimizer: { beta2: 0.99, weightDecay: 0, clip: 0.5 }, validation: { points: 4 } }
      const { runIds } = await createExperiment(store, dir.path, input)
      const run = store.runs.get(runIds[0]!)
      expect(run.plan!.optimizer).toEqual({ beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0, clip: 0.5 })
      const start = await prepareRun(store, dir.path, run, null, { threads: 1 })
      if (start.spec.kind !== 'train') throw new Error(`expected a train spec, got ${start.spec.kind}`)
      expect(start.spec.adamw).toEqual({ beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0 })
      expect(start.spec.clip).toBe(0.5)
      expect(start.spec.evalEvery).toBe(10)
      // The same schedule again is the same experiment (a stored schedule is compared through today's schema).
      expect((await createExperiment(store, dir.path, input)).created).toBe(false)
    } finally {
      store.close()
      dir.cleanup()
    }
  })
})
