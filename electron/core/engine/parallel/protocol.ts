/** Messages between the training loop and its gradient threads: a discriminated union each way. */
import type { ModelConfig } from '../../../../shared'
import type { Batch } from '../model'
import type { AdamWConfig } from '../optimizer'
import type { BackendName } from '../tf'
import type { Range } from './gradient-ranges'

/** The shared memory every thread sees: the parameters, AdamW's moments, each thread's gradients, the step's sum and the norm's chunk sums. */
export interface SharedStep {
  params: SharedArrayBuffer
  m: SharedArrayBuffer
  v: SharedArrayBuffer
  /** One buffer per thread, in thread order. */
  grads: SharedArrayBuffer[]
  sum: SharedArrayBuffer
  chunkSums: SharedArrayBuffer
}

export type ToThread =
  /** `index`: this thread's gradient buffer in `memory.grads`; `range`: its part of the flat array after the gradient pass. */
  | { type: 'init'; config: ModelConfig; backend: BackendName; index: number; range: Range; memory: SharedStep }
  | { type: 'step'; id: number; shard: Batch; dropoutSeed: number }
  /** Add the first `shards` threads' gradients (a batch of fewer rows than threads has fewer shards) over this thread's range into the step's sum (`first`: start it). */
  | { type: 'sum'; id: number; shards: number; first: boolean }
  /** Divide the sum over the range by the target-token count and write the chunks' sums of squares. */
  | { type: 'normalise'; id: number; inv: number }
  /** AdamW over the range: update number `t`, gradients × `gradScale`. */
  | { type: 'update'; id: number; t: number; lr: number; adamw: AdamWConfig; gradScale: number }

export type FromThread =
  | { type: 'ready'; backend: BackendName }
  /** `computeMs`: the thread's time in lossAndGrads, so the step profile can tell compute from waiting. */
  | { type: 'done'; id: number; lossSum: number; weightSum: number; replayLossSum: number; replayWeightSum: number; computeMs: number }
  /** A sum, normalise or update over the thread's range finished. */
  | { type: 'ranged'; id: number }
  | { type: 'error'; error: { kind: string; message: string; stack?: string } }
