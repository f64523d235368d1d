/** Messages between the training loop and its gradient threads: a discriminated union each way. */
import type { ModelConfig } from '../../../../shared'
import type { Batch } from '../model'
import type { BackendName } from '../tf'

export type ToThread =
  | { type: 'init'; config: ModelConfig; backend: BackendName; params: SharedArrayBuffer; grads: SharedArrayBuffer }
  | { type: 'step'; id: number; shard: Batch; dropoutSeed: number }

export type FromThread =
  | { type: 'ready'; backend: BackendName }
  /** `computeMs`: the thread's time in lossAndGrads, so the step profile can tell compute from waiting. */
  | { type: 'done'; id: number; lossSum: number; weightSum: number; replayLossSum: number; replayWeightSum: number; computeMs: number }
  | { type: 'error'; error: { kind: string; message: string; stack?: string } }
