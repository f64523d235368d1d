import { describe, expect, it } from 'vitest'
import { buildHeatmap, heatmapRows } from '../../renderer/src/heatmaps/heatmap-model'
import type { EvaluationRow } from '../../shared/schemas/experiment-calls'
import type { Checkpoint } from '../../shared/schemas/checkpoint'
import type { RunSummary } from '../../shared/schemas/run'
import { seededPlan } from '../helpers/plan'
import { runSummary } from '../helpers/run-summary'

const run = (id: number, name: string, kind: 'pretrain' | 'finetune', seed = 0, task?: string, replay?: number): RunSummary =>
  runSummary({
    id,
    name,
    kind,
    status: 'completed',
    plan: seededPlan({ key: `r${id}`, kind, ...(task ? { task, replay: replay ?? 0, init: { from: 'job', job: 'r1', step: 200 } } : {}) }),
    seed,
    checkpointCount: 1,
  })
const ckpt = (id: number, runId: number, step: number): Checkpoint => ({ id, runId, step, tokens: 0, path: 'x', bytes: 0, sha256: '0'.repeat(64), kind: 'planned', pinned: false, createdAt: 0 })

describe('heatmap rows', () => {
  const runs = [
    run(1, 'pretrain · seed 0', 'pretrain'),
    run(2, 'qa from step 200 · replay 25% · seed 0', 'finetune', 0, 'qa', 0.25),
    run(3, 'qa from step 200 · replay 0% · seed 0', 'finetune', 0, 'qa', 0),
    // A sequence's first stage: the same task, replay and seed from the same checkpoint.
    run(4, 'qa-then-nli stage 1: qa · seed 0', 'finetune', 0, 'qa', 0),
  ]
  const checkpoints = [ckpt(10, 1, 100), ckpt(11, 1, 200), ckpt(20, 2, 40), ckpt(30, 3, 40), ckpt(40, 4, 40)]

  it('groups fine-tunes by the checkpoint they branched from, the replay said once, alike rows told apart by run', () => {
    const rows = heatmapRows({ runs, checkpoints }, 'score', 'all')
    expect(rows.map((r) => [r.group, r.sub])).toEqual([
      ['pre-training', 'step 100'],
      ['pre-training', 'step 200'],
      ['from step 200', 'qa from step 200 · replay 0% · seed 0'],
      ['from step 200', 'qa-then-nli stage 1: qa · seed 0'],
      ['from step 200', 'qa · replay 25%'],
    ])
    expect(rows[4]!.label).toBe('qa from step 200 · replay 25% · seed 0 · step 40')
  })
})

describe("a sequence's later stage", () => {
  // Pre-training has checkpoints at 40 and 200; stage 1 (qa) branched from 200 and ran 40 steps;
  // stage 2 (nli) starts at stage 1's step 40, which is not the pre-training checkpoint at 40.
  const stage2: RunSummary = { ...run(5, 'qa-then-nli stage 2: nli · seed 0', 'finetune', 0, 'nli', 0), plan: seededPlan({ key: 'r5', kind: 'finetune', task: 'nli', replay: 0, init: { from: 'job', job: 'r4', step: 40 } }) }
  const runs = [run(1, 'pretrain · seed 0', 'pretrain'), run(4, 'qa-then-nli stage 1: qa · seed 0', 'finetune', 0, 'qa', 0), stage2]
  const checkpoints = [ckpt(10, 1, 40), ckpt(11, 1, 200), ckpt(40, 4, 40), ckpt(50, 5, 40)]
  const evaluation = (id: number, checkpointId: number, runId: number, step: number, value: number): EvaluationRow => ({
    id, checkpointId, task: 'qa', split: 'test', promptFormat: 'default', shots: 0, metric: 'accuracy', value, ciLow: null, ciHigh: null, n: 30, truncated: null, createdAt: 0,
    runId, runName: '', runKind: runId === 1 ? 'pretrain' : 'finetune', seed: 0, tags: [], step, tokens: 0, trainedTask: null, replay: null, fromStep: null, context: null,
  })
  // qa: 0.9 at pre-training step 40 (the wrong base), 0.2 at step 200 (the right one), 0.7 after stage 1, 0.3 after stage 2.
  const evaluations = [evaluation(1, 10, 1, 40, 0.9), evaluation(2, 11, 1, 200, 0.2), evaluation(3, 40, 4, 40, 0.7), evaluation(4, 50, 5, 40, 0.3)]
  const filters = { split: 'test', format: 'default', shots: 0, replay: 'all' }

  it('is grouped under the pre-training step its lineage branched from, after the stage it continued', () => {
    const rows = heatmapRows({ runs, checkpoints }, 'forgetting', 'all')
    expect(rows.map((r) => [r.group, r.sub, r.fromStep])).toEqual([
      ['from step 200', 'qa · replay 0%', 200],
      ['from step 200 · after qa', 'nli · replay 0%', 200],
    ])
  })

  it('measures gain against that pre-training checkpoint and forgetting against the earlier stage', () => {
    const at = (metric: 'gain' | 'forgetting') => buildHeatmap({ runs, checkpoints, evaluations }, metric, filters, ['qa']).cells.map((c) => +c.value!.toFixed(6))
    // gain = own − base(step 200): stage 1 0.7 − 0.2, stage 2 0.3 − 0.2 (not 0.3 − 0.9).
    expect(at('gain')).toEqual([0.5, 0.1])
    // forgetting = best earlier (base 0.2, stage 1 0.7) − own: stage 1 0.2 − 0.7, stage 2 0.7 − 0.3.
    expect(at('forgetting')).toEqual([-0.5, 0.4])
  })
})
