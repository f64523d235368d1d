import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TrainJobInput } from '../../shared'

export const CORPUS = 'Alice lives in Paris. Bob lives in Rome. Carol lives in Oslo. Dave lives in Lima. '.repeat(60)
export const TASK = [
  ['Where does Alice live?', ' Paris'],
  ['Where does Bob live?', ' Rome'],
  ['Where does Carol live?', ' Oslo'],
  ['Where does Dave live?', ' Lima'],
]

/** Writes a small corpus and task file and returns a training spec over them. */
export function tinyJob(dir: string, overrides: Partial<TrainJobInput> = {}): TrainJobInput {
  const corpus = join(dir, 'corpus.txt')
  const task = join(dir, 'task.jsonl')
  writeFileSync(corpus, CORPUS)
  writeFileSync(task, TASK.map(([prompt, completion]) => JSON.stringify({ prompt, completion })).join('\n') + '\n')
  return {
    kind: 'train',
    runId: 1,
    phase: 'pretrain',
    model: { layers: 1, heads: 2, width: 16, context: 16, vocab: 257, dropout: 0 },
    tokenizer: { kind: 'byte' },
    init: { from: 'scratch' },
    data: { corpus, task: null, replay: 0 },
    steps: 6,
    batch: 4,
    lr: { kind: 'cosine', peak: 3e-3, warmup: 2, total: 6, floor: 3e-4 },
    seed: 3,
    checkpoints: { every: null, at: [3] },
    checkpointDir: join(dir, 'checkpoints'),
    backend: 'wasm',
    ...overrides,
  }
}
