/**
 * Writes study-shaped cells (study-cells.ts) into a store exactly as the runner would: one
 * pre-training run with a checkpoint per step, one fine-tuning run per branch and seed with
 * its plan (task, replay, the step branched from) and one checkpoint, sequence
 * stages tagged ['sequence', name, 'stage-<i>', task], and an evaluation per cell.
 */
import { join } from 'node:path'
import type { Store } from '../../electron/core/store'
import { TOKENS_PER_STEP, type Cell } from './study-cells'
import { seededPlan } from './plan'

const SHA = 'b'.repeat(64)

export function seedStudy(store: Store, dataDir: string, cells: Cell[], experiment: { name: string; description?: string; schedule?: Record<string, unknown> | null }) {
  const exp = store.experiments.create({ name: experiment.name, description: experiment.description ?? '', schedule: experiment.schedule ?? null })
  const pretrain = new Map<number, { runId: number; checkpoints: Map<number, number> }>()
  const branches = new Map<string, number>()
  const checkpointOf = (c: Cell): number => {
    if (c.role === 'base') {
      let p = pretrain.get(c.seed)
      if (!p) {
        const run = store.runs.create({ experimentId: exp.id, name: `pretrain · seed ${c.seed}`, kind: 'pretrain', config: {}, plan: seededPlan({ key: `s${c.seed}/pretrain`, kind: 'pretrain', seed: c.seed }), parentCheckpointId: null, seed: c.seed, tags: [], notes: '' })
        store.runs.setStatus(run.id, 'completed')
        p = { runId: run.id, checkpoints: new Map() }
        pretrain.set(c.seed, p)
      }
      let id = p.checkpoints.get(c.from)
      if (id === undefined) {
        id = store.checkpoints.create({ runId: p.runId, step: c.from, tokens: c.from * TOKENS_PER_STEP, path: join(dataDir, 'checkpoints', `pre-${c.seed}-${c.from}`), bytes: 1_000_000, sha256: SHA }).id
        p.checkpoints.set(c.from, id)
      }
      return id
    }
    const key = `${c.role}/${c.trained}/${c.from}/${c.replay}/${c.seed}/${c.sequence?.name ?? ''}/${c.sequence?.stage ?? ''}`
    let id = branches.get(key)
    if (id === undefined) {
      const name = c.sequence ? `${c.sequence.name} stage ${c.sequence.stage + 1}: ${c.trained} · seed ${c.seed}` : `${c.trained} from ${c.from} · replay ${c.replay} · seed ${c.seed}`
      const plan = seededPlan({ key, kind: 'finetune', seed: c.seed, task: c.trained, replay: c.replay, init: { from: 'job', job: `s${c.seed}/pretrain`, step: c.from } })
      const tags = c.sequence ? ['sequence', c.sequence.name, `stage-${c.sequence.stage + 1}`, c.trained!] : []
      const run = store.runs.create({ experimentId: exp.id, name, kind: 'finetune', config: {}, plan, parentCheckpointId: null, seed: c.seed, tags, notes: '' })
      store.runs.setStatus(run.id, 'completed')
      id = store.checkpoints.create({ runId: run.id, step: 200, tokens: 200 * TOKENS_PER_STEP, path: join(dataDir, 'checkpoints', `ft-${run.id}`), bytes: 1_000_000, sha256: SHA }).id
      branches.set(key, id)
    }
    return id
  }
  for (const c of cells)
    store.evaluations.record({ checkpointId: checkpointOf(c), task: c.task, split: 'test', promptFormat: c.format, shots: 0, metric: c.metric, value: c.value, ciLow: c.ci === null ? null : c.value - c.ci, ciHigh: c.ci === null ? null : c.value + c.ci, n: 200, truncated: c.truncated ?? null })
  return exp
}
