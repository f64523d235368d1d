import type { ExperimentScheduleInput } from '../../shared'

/** One small pre-training run on the tiny built-in suite: a few seconds of training. */
export const tinySchedule = (name: string, steps: number, every = 25): ExperimentScheduleInput => ({
  name,
  model: { layers: 1, heads: 2, width: 16, context: 16, vocab: 257, dropout: 0 },
  suite: { seed: 0, scale: 'tiny' },
  pretrain: { checkpoints: { kind: 'every', steps: every }, length: { steps }, batch: 4, lr: { kind: 'constant', lr: 0.003 } },
  backend: 'wasm',
})
