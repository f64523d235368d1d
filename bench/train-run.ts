/**
 * One measurement for bench:train, in its own process so backends and memory figures do not
 * mix: trains `steps` steps of the real loop on random tokens and prints one JSON line.
 */
import { cpus } from 'node:os'
import { Batcher, CorpusSampler } from '../electron/core/engine/data'
import { DEFAULT_ADAMW, newAdamWState } from '../electron/core/engine/optimizer'
import { configureOps } from '../electron/core/engine/ops'
import { LocalGradientEngine, ThreadGradientEngine, type GradientEngine } from '../electron/core/engine/parallel/gradient-engine'
import { initParams, paramLayout } from '../electron/core/engine/params'
import { selectBackend, type BackendName } from '../electron/core/engine/tf'
import { train } from '../electron/core/engine/train'
import { Rng, type ModelConfig } from '../shared'

interface Job {
  config: ModelConfig
  batch: number
  backend: BackendName
  threads: number
  warmup: number
  steps: number
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]!) as Job
  const layout = paramLayout(job.config)
  let engine: GradientEngine
  let backend: string
  if (job.threads > 1) {
    engine = await ThreadGradientEngine.start(job.config, job.backend, Math.min(job.threads, cpus().length), layout.total)
    backend = job.backend
  } else {
    const choice = await selectBackend(job.backend)
    configureOps(choice.name)
    engine = new LocalGradientEngine(job.config)
    backend = choice.name
  }
  const rng = new Rng(1)
  const corpus = Int32Array.from({ length: 200_000 }, () => rng.int(job.config.vocab - 1))
  const data = new Batcher({ rows: job.batch, time: job.config.context, corpus: new CorpusSampler(corpus, 1) })
  const state = { params: initParams(layout, 1), optimizer: newAdamWState(layout.total), step: 0, tokensSeen: 0 }
  const spec = { config: job.config, steps: job.warmup + job.steps, accumulation: 1, lr: { kind: 'constant' as const, lr: 3e-4 }, adamw: DEFAULT_ADAMW, clip: 1, seed: 1 }
  let measuredMs = 0
  let lastLoss = 0
  await train(spec, state, data, engine, {
    onStep: (r) => {
      if (r.step > job.warmup) measuredMs += r.stepMs
      lastLoss = r.loss
    },
  })
  await engine.dispose()
  const tokens = job.steps * job.batch * job.config.context
  console.log(
    JSON.stringify({
      backend,
      threads: job.threads,
      tokensPerSecond: (tokens / measuredMs) * 1000,
      stepMs: measuredMs / job.steps,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
      loss: lastLoss,
    }),
  )
}

main().catch((error: unknown) => {
  console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }))
  process.exit(1)
})
