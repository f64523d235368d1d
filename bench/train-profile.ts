/**
 * bench:train's step profile: where one training step's time goes, on the wasm backend with
 * Continuum's kernels.
 *
 * The step is measured whole with the engine bench:train compares against PyTorch (gradient
 * threads on every core), which reports each thread's time in lossAndGrads and the round
 * trip that sums the threads' gradients; the rest of the compute call is synchronisation. One thread's share
 * of the batch is then run alone in this process: every TF.js kernel timed by tf.profile (the
 * wasm backend runs kernels synchronously, so each is timed by its own wall clock), the
 * attention kernel (outside TF.js) timed on the same shapes, and what is left of the profiled
 * pass's wall time is the serial JavaScript (embedding rows, tensors made from the flat
 * parameters, gradient copies, and the profiler's own few microseconds a kernel). The gradient
 * sum, the normalisation with the norm, and AdamW are timed in the loop by the engine (its
 * lastTiming). Every figure is a median.
 */
import { KernelAttention } from '../electron/core/engine/attention'
import { Batcher, CorpusSampler, shardBatch } from '../electron/core/engine/data'
import { Gpt, type Batch } from '../electron/core/engine/model'
import { makeOps } from '../electron/core/engine/ops'
import { DEFAULT_ADAMW, newAdamWState } from '../electron/core/engine/optimizer'
import { LocalGradientEngine, ThreadGradientEngine, type GradientEngine } from '../electron/core/engine/parallel/gradient-engine'
import { initParams, paramLayout } from '../electron/core/engine/params'
import { selectBackend, tf } from '../electron/core/engine/tf'
import { train } from '../electron/core/engine/train'
import { Rng, type ModelConfig } from '../shared'

export interface ProfileJob {
  config: ModelConfig
  batch: number
  threads: number
  warmup: number
  steps: number
}

export interface StepProfile {
  threads: number
  steps: number
  /** The median whole step, measured in the training loop. */
  stepMs: number
  /** Medians of each part; they add up to about stepMs. */
  parts: { part: string; ms: number }[]
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

interface WholeStep {
  stepMs: number
  computeMs: number
  threadMs: number
  sumMs: number
  normaliseMs: number
  updateMs: number
}

/** The real training loop, on every core: whole steps, and where each compute call spent its time. */
async function wholeSteps(job: ProfileJob, data: Batcher, params: Float32Array): Promise<WholeStep[]> {
  const layout = paramLayout(job.config)
  const engine: GradientEngine =
    job.threads > 1 ? await ThreadGradientEngine.start(job.config, 'wasm', job.threads, layout.total) : new LocalGradientEngine(job.config, makeOps((await selectBackend('wasm')).name))
  const state = { params, optimizer: newAdamWState(layout.total), step: 0, tokensSeen: 0 }
  const spec = { config: job.config, steps: job.warmup + job.steps, accumulation: 1, lr: { kind: 'constant' as const, lr: 3e-4 }, adamw: DEFAULT_ADAMW, clip: 1, seed: 1 }
  const steps: WholeStep[] = []
  try {
    await train(spec, state, data, engine, {
      onStep: (r) => {
        if (r.step <= job.warmup) return
        const t = engine.lastTiming
        steps.push({ stepMs: r.stepMs, computeMs: t.computeMs, threadMs: Math.max(...t.threadMs), sumMs: t.sumMs, normaliseMs: t.normaliseMs, updateMs: t.updateMs })
      },
    })
  } finally {
    await engine.dispose()
  }
  return steps
}

type Kind = 'gemmForward' | 'gemmBackward' | 'elementwise' | 'other'

/**
 * A TF.js kernel's part of the step: the forward products are the linears (fused with their
 * bias) and the logits [N, V]. null for an op with a custom gradient ('fusedMatMul__op',
 * 'logSoftmax__op'): tf.profile lists it as well as the kernels it runs, so counting it would
 * count them twice (on M, 414 ms of a 1,861 ms shard under load).
 */
function kindOf(name: string, outputShapes: number[][], logits: number[]): Kind | null {
  if (name.endsWith('__op')) return null
  if (name === '_FusedMatMul') return 'gemmForward'
  if (name === 'BatchMatMul') return tf.util.arraysEqual(outputShapes[0] ?? [], logits) ? 'gemmForward' : 'gemmBackward'
  if (name.startsWith('Continuum')) return 'elementwise'
  return 'other'
}

/** One thread's shard alone in this process: TF.js kernels by kind, the attention kernel, and the serial JS left over. */
async function shardAlone(job: ProfileJob, shard: Batch, params: Float32Array, reps: number) {
  const ops = makeOps((await selectBackend('wasm')).name)
  if (ops.attention !== 'kernel') throw new Error(`the step profile expects the attention kernel on wasm, got '${ops.attention}'`)
  const model = new Gpt(job.config, ops)
  const grads = new Float32Array(model.layout.total)
  const N = shard.batch * shard.time
  const logits = [N, job.config.vocab]
  const D = job.config.width
  for (let i = 0; i < 3; i++) model.lossAndGrads(params, shard, 0, grads)
  const byKind: Record<Kind, number[]> = { gemmForward: [], gemmBackward: [], elementwise: [], other: [] }
  // The profiled pass's wall time less its kernels' (the attention kernel still in it).
  const outsideKernels: number[] = []
  for (let r = 0; r < reps; r++) {
    let profiledMs = 0
    const info = await tf.profile(() => {
      const t = performance.now()
      model.lossAndGrads(params, shard, 0, grads)
      profiledMs = performance.now() - t
    })
    const sums: Record<Kind, number> = { gemmForward: 0, gemmBackward: 0, elementwise: 0, other: 0 }
    for (const k of info.kernels) {
      const ms = k.kernelTimeMs
      if (typeof ms !== 'number') throw new Error(`tf.profile could not time ${k.name}: ${JSON.stringify(ms)}`)
      const kind = kindOf(k.name, k.outputShapes, logits)
      if (kind) sums[kind] += ms
    }
    for (const kind of Object.keys(sums) as Kind[]) byKind[kind].push(sums[kind])
    outsideKernels.push(profiledMs - Object.values(sums).reduce((a, b) => a + b, 0))
  }
  model.dispose()

  // The attention kernel as the model calls it (qkv read out, y made a tensor, and back).
  const core = new KernelAttention(job.config.layers, job.config.heads)
  const rng = new Rng(3)
  const qkv = tf.tensor2d(Float32Array.from({ length: N * 3 * D }, () => rng.normal()), [N, 3 * D])
  const dy = tf.tensor2d(Float32Array.from({ length: N * D }, () => rng.normal()), [N, D])
  const attention: number[] = []
  for (let r = 0; r < reps + 2; r++) {
    const started = performance.now()
    tf.tidy(() => {
      for (let i = 0; i < job.config.layers; i++) core.forward(i, qkv, shard.batch, shard.time, null)
      for (let i = job.config.layers - 1; i >= 0; i--) core.backward(i, dy)
    })
    if (r >= 2) attention.push(performance.now() - started)
  }
  tf.dispose([qkv, dy])
  core.dispose()
  const attentionMs = median(attention)
  return {
    attentionMs,
    serialJsMs: median(outsideKernels) - attentionMs,
    kernels: {
      gemmForward: median(byKind.gemmForward),
      gemmBackward: median(byKind.gemmBackward),
      elementwise: median(byKind.elementwise),
      other: median(byKind.other),
    },
  }
}

export async function profileStep(job: ProfileJob): Promise<StepProfile> {
  const rng = new Rng(1)
  const corpus = Int32Array.from({ length: 200_000 }, () => rng.int(job.config.vocab - 1))
  const data = new Batcher({ rows: job.batch, time: job.config.context, corpus: new CorpusSampler(corpus, 1) })
  const params = initParams(paramLayout(job.config), 1)
  const steps = await wholeSteps(job, data, params)
  const shard = shardBatch(data.batch(0), job.threads)[0]!
  const alone = await shardAlone(job, shard, params, Math.max(job.steps, 3))
  const m = (f: (s: WholeStep) => number) => median(steps.map(f))
  const pass = [
    { part: 'GEMM forward (linears, logits)', ms: alone.kernels.gemmForward },
    { part: 'GEMM backward (dx, dW)', ms: alone.kernels.gemmBackward },
    { part: 'attention kernel', ms: alone.attentionMs },
    { part: 'LayerNorm and GELU kernels', ms: alone.kernels.elementwise },
    { part: 'other TF.js kernels (loss, adds, concat)', ms: alone.kernels.other },
    { part: 'serial JS in the gradient pass', ms: alone.serialJsMs },
  ]
  const passAlone = pass.reduce((a, p) => a + p.ms, 0)
  const threaded = job.threads > 1
  const parts = [
    ...pass,
    // The pass above ran with the other cores idle; in the loop, threads side by side share
    // memory bandwidth and caches. The difference keeps the parts adding up to the step.
    { part: threaded ? 'threads running side by side' : 'the pass in the loop, less alone', ms: m((s) => s.threadMs) - passAlone },
    ...(threaded ? [{ part: 'thread synchronisation', ms: m((s) => s.computeMs - s.threadMs - s.sumMs) }] : []),
    // These three run in the gradient threads, each over its range of the parameters (one
    // thread: here); their times include the round trip to the threads.
    ...(threaded ? [{ part: 'summing the threads’ gradients', ms: m((s) => s.sumMs) }] : []),
    { part: 'normalising, gradient norm', ms: m((s) => s.normaliseMs) },
    { part: 'optimizer (AdamW)', ms: m((s) => s.updateMs) },
    { part: 'rest of the loop (batch, hooks)', ms: m((s) => s.stepMs - s.computeMs - s.normaliseMs - s.updateMs) },
  ]
  return { threads: job.threads, steps: steps.length, stepMs: m((s) => s.stepMs), parts }
}
