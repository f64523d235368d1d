/**
 * One measurement for bench:train, in its own process so backends and memory figures do not
 * mix: trains the real loop on random tokens and prints one JSON line. Warm-up lasts at least
 * `warmup` steps and until the last three step times agree within 10% (at most 20 steps; the
 * same rule as the PyTorch reference), then `steps` steps are timed and the median reported.
 * With `profile` set it prints the step profile instead (train-profile.ts).
 */
import { cpus } from 'node:os'
import { Batcher, CorpusSampler } from '../electron/core/engine/data'
import { DEFAULT_ADAMW, newAdamWState } from '../electron/core/engine/optimizer'
import { makeOps } from '../electron/core/engine/ops'
import { LocalGradientEngine, ThreadGradientEngine, type GradientEngine } from '../electron/core/engine/parallel/gradient-engine'
import { initParams, paramLayout } from '../electron/core/engine/params'
import { selectBackend, type BackendName } from '../electron/core/engine/tf'
import { train } from '../electron/core/engine/train'
import { profileStep } from './train-profile'
import { Rng, type ModelConfig } from '../shared'

interface Job {
  config: ModelConfig
  batch: number
  backend: BackendName
  threads: number
  warmup: number
  steps: number
  profile?: boolean
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]!) as Job
  if (job.profile) {
    console.log(JSON.stringify(await profileStep({ ...job, threads: Math.min(job.threads, cpus().length) })))
    return
  }
  const layout = paramLayout(job.config)
  let engine: GradientEngine
  let backend: string
  if (job.threads > 1) {
    engine = await ThreadGradientEngine.start(job.config, job.backend, Math.min(job.threads, cpus().length), layout.total)
    backend = job.backend
  } else {
    const choice = await selectBackend(job.backend)
    engine = new LocalGradientEngine(job.config, makeOps(choice.name))
    backend = choice.name
  }
  const rng = new Rng(1)
  const corpus = Int32Array.from({ length: 200_000 }, () => rng.int(job.config.vocab - 1))
  const data = new Batcher({ rows: job.batch, time: job.config.context, corpus: new CorpusSampler(corpus, 1) })
  const state = { params: initParams(layout, 1), optimizer: newAdamWState(layout.total), step: 0, tokensSeen: 0 }
  const maxWarmup = Math.max(job.warmup, 20)
  const spec = { config: job.config, steps: maxWarmup + job.steps, accumulation: 1, lr: { kind: 'constant' as const, lr: 3e-4 }, adamw: DEFAULT_ADAMW, clip: 1, seed: 1 }
  const warmup: number[] = []
  const timed: number[] = []
  const settled = () => warmup.length >= job.warmup && (warmup.length < 3 || Math.max(...warmup.slice(-3)) <= 1.1 * Math.min(...warmup.slice(-3)))
  let lastLoss = 0
  await train(spec, state, data, engine, {
    onStep: (r) => {
      if (!settled() && warmup.length < maxWarmup) warmup.push(r.stepMs)
      else timed.push(r.stepMs)
      lastLoss = r.loss
    },
    control: () => (timed.length >= job.steps ? 'cancel' : 'run'),
  })
  await engine.dispose()
  timed.sort((a, b) => a - b)
  const mid = timed.length >> 1
  const stepMs = timed.length % 2 ? timed[mid]! : (timed[mid - 1]! + timed[mid]!) / 2
  console.log(
    JSON.stringify({
      backend,
      threads: job.threads,
      tokensPerSecond: ((job.batch * job.config.context) / stepMs) * 1000,
      stepMs,
      warmupSteps: warmup.length,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
      loss: lastLoss,
    }),
  )
}

main().catch((error: unknown) => {
  console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }))
  process.exit(1)
})
