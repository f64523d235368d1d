/**
 * Tokens per second to expect for a model on this machine: measured, from the most recent run
 * of the same model configuration, or else estimated from the model's FLOPs per token and
 * the throughput of the wasm backend measured here (DESIGN.md, bench:train).
 */
import { cpus } from 'node:os'
import { ExperimentSchedule, parameterCount, type ModelConfig } from '../../../shared'
import type { Store } from '../store'

export interface Throughput {
  tokensPerSecond: number
  source: string
}

/** Sustained training FLOP/s of one wasm thread here, and the data-parallel efficiency of more. */
const WASM_FLOPS_PER_THREAD = 15e9
const PARALLEL_EFFICIENCY = 0.75

/** How much faster a job runs on `threads` data-parallel wasm threads than on one. */
export const threadSpeedup = (threads: number): number => 1 + (Math.max(1, threads) - 1) * PARALLEL_EFFICIENCY

export function estimateThroughput(store: Store, model: ModelConfig): Throughput {
  const same = JSON.stringify(model)
  for (const e of store.experiments.list()) {
    const s = ExperimentSchedule.safeParse(e.schedule)
    if (!s.success || JSON.stringify(s.data.model) !== same) continue
    for (const run of store.runs.list({ experimentId: e.id, status: ['completed', 'paused', 'running'] })) {
      if (run.kind !== 'pretrain') continue
      const last = store.series.query({ runId: run.id, key: 'train/tokens_per_second', maxBuckets: 1 }).buckets.last[0]
      if (last !== undefined) return { tokensPerSecond: last, source: `measured in run ${run.id} (${run.name})` }
    }
  }
  const d = model.width
  const flopsPerToken = 6 * parameterCount(model) + 12 * model.layers * model.context * d
  const threads = cpus().length
  const flops = WASM_FLOPS_PER_THREAD * threadSpeedup(threads)
  return { tokensPerSecond: flops / flopsPerToken, source: `estimated for wasm on ${threads} cores (no run of this model yet)` }
}
