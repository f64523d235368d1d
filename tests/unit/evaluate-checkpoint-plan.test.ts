/** The plan of an evaluation queued from the checkpoint browser: the schedule's evaluation defaults, keyed beside its owner. */
import { describe, expect, it } from 'vitest'
import { evaluateCheckpoint } from '../../electron/core/experiments/checkpoint-actions'
import { Store } from '../../electron/core/store'
import { ExperimentSchedule, type RunPlan } from '../../shared'
import { seededPlan } from '../helpers/plan'
import { tinySchedule } from '../helpers/tiny-schedule'

describe('evaluateCheckpoint', () => {
  it('plans with the schedule eval defaults unless told, from the checkpoint of the owner job', () => {
    const store = Store.open(':memory:')
    const schedule = ExperimentSchedule.parse(tinySchedule('t', 8))
    const experiment = store.experiments.create({ name: 't', description: '', schedule: JSON.parse(JSON.stringify(schedule)) as Record<string, unknown> })
    const owner = store.runs.create({ experimentId: experiment.id, name: 'pre', kind: 'pretrain', config: {}, plan: seededPlan({ key: 'seed-0/pretrain', kind: 'pretrain', seed: 4 }), parentCheckpointId: null, seed: 4, tags: [], notes: '' })
    const checkpoint = store.checkpoints.create({ runId: owner.id, step: 6, tokens: 384, path: '/nowhere/step-6', bytes: 1, sha256: '0'.repeat(64) })
    const queued: number[] = []
    // The store's job queue without a runner to start it: what is queued is all this test reads.
    const jobs = {
      enqueue: (id: number) => {
        queued.push(id)
        return store.jobs.create(id, [])
      },
    }
    const run = evaluateCheckpoint(store, jobs, checkpoint.id, {})
    const plan: RunPlan = store.runs.get(run.id).plan!
    expect(queued).toEqual([run.id])
    expect(plan.eval).toEqual({ tasks: [], formats: ['default'], shots: [0], maxExamples: 200, splits: ['test', 'ood'], every: 0 })
    expect(plan.init).toEqual({ from: 'job', job: 'seed-0/pretrain', step: 6 })
    expect(plan.evaluateSteps).toEqual([6])
    expect(plan.key.startsWith('seed-0/pretrain/evaluate-step-6-')).toBe(true)
    expect(run.parentCheckpointId).toBe(checkpoint.id)
    const three = evaluateCheckpoint(store, jobs, checkpoint.id, { formats: ['default', 'instruct', 'input-only'], maxExamples: 50 })
    expect(three.plan!.eval).toMatchObject({ formats: ['default', 'instruct', 'input-only'], maxExamples: 50 })
    store.close()
  })
})
