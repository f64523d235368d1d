import { describe, expect, it } from 'vitest'
import { heatmapRows } from '../../renderer/src/heatmaps/heatmap-model'
import type { Checkpoint } from '../../shared/schemas/checkpoint'
import type { RunSummary } from '../../shared/schemas/run'
import { seededPlan } from '../helpers/plan'

const run = (id: number, name: string, kind: 'pretrain' | 'finetune', seed = 0, task?: string, replay?: number): RunSummary => ({
  id,
  experimentId: 1,
  name,
  kind,
  status: 'completed',
  config: {},
  plan: seededPlan({ key: `r${id}`, kind, ...(task ? { task, replay: replay ?? 0, init: { from: 'job', job: 'r1', step: 200 } } : {}) }),
  parentCheckpointId: null,
  backend: null,
  backendDetail: null,
  seed,
  tags: [],
  notes: '',
  createdAt: 0,
  startedAt: null,
  finishedAt: null,
  updatedAt: 0,
  tokensSeen: 0,
  lastStep: null,
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
