/**
 * What the e2e suite puts in a fresh database, written through the store exactly as the
 * runner will: an experiment, a finished pre-training run with 5,000 loss points and a
 * checkpoint, and a queued fine-tune of that checkpoint.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { MetricPoint } from '../../shared'
import type { Service } from '../../electron/core/service'

export const TOKENS_PER_STEP = 16_384
export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0)

export function lossCurve(runId: number, steps: number, options: { key?: string; every?: number; tokensPerStep?: number } = {}): MetricPoint[] {
  const { key = 'train/loss', every = 1, tokensPerStep = TOKENS_PER_STEP } = options
  const points: MetricPoint[] = []
  for (let step = every - 1; step < steps; step += every) {
    points.push({ key, step, tokens: (step + 1) * tokensPerStep, wallTime: T0 + step * 250, value: 2.5 + 8 * Math.exp(-step / 800) + 0.01 * Math.sin(step + runId) })
  }
  return points
}

export function seed(service: Service) {
  const { store } = service
  const experiment = store.experiments.create({
    name: 'replay-study',
    description: 'Does 5% replay of pre-training data prevent forgetting when fine-tuning on MNLI?',
    schedule: null,
  })
  const pretrain = store.runs.create({
    experimentId: experiment.id,
    name: 'gpt-s-pretrain',
    kind: 'pretrain',
    config: { model: { layers: 4, dModel: 256, heads: 4, context: 128 }, optimizer: { lr: 3e-4, warmup: 200 }, batchSize: 128 },
    parentCheckpointId: null,
    seed: 1337,
    tags: ['baseline', 'd256'],
    notes: 'GPT 4×256 on TinyStories, cosine schedule.',
  })
  store.runs.setStatus(pretrain.id, 'running', { backend: 'tfjs-wasm' })
  store.metrics.append(pretrain.id, lossCurve(pretrain.id, 5000))
  store.metrics.append(pretrain.id, lossCurve(pretrain.id, 5000, { key: 'val/loss', every: 100 }))
  const checkpoint = store.checkpoints.create({
    runId: pretrain.id,
    step: 4999,
    tokens: 5000 * TOKENS_PER_STEP,
    path: join(service.dataDir, 'checkpoints', `run-${pretrain.id}`, 'step-004999'),
    bytes: 19_431_424,
    sha256: createHash('sha256').update('step-004999').digest('hex'),
  })
  store.runs.setStatus(pretrain.id, 'completed')

  const finetune = store.runs.create({
    experimentId: experiment.id,
    name: 'mnli-ft-from-5k',
    kind: 'finetune',
    config: { task: 'mnli', replay: 0.05 },
    parentCheckpointId: checkpoint.id,
    seed: 7,
    tags: ['mnli', 'replay-5%'],
    notes: '',
  })
  return { experiment, pretrain, checkpoint, finetune }
}
