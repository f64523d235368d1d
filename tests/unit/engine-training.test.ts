import { describe, expect, it } from 'vitest'
import { Batcher, CorpusSampler } from '../../electron/core/engine/data'
import { DEFAULT_ADAMW, newAdamWState } from '../../electron/core/engine/optimizer'
import { LocalGradientEngine, ThreadGradientEngine } from '../../electron/core/engine/parallel/gradient-engine'
import { initParams, paramLayout } from '../../electron/core/engine/params'
import { tokenizerFromSpec } from '../../electron/core/engine/tokenizer'
import { tf } from '../../electron/core/engine/tf'
import { train, type TrainSpec, type TrainState } from '../../electron/core/engine/train'
import type { ModelConfig } from '../../shared'
import { useBackend } from '../helpers/engine'

const TEXT = 'the cat sat on the mat. the dog sat on the log. '.repeat(40)
const tokenizer = tokenizerFromSpec({ kind: 'byte' })
const corpus = Int32Array.from(tokenizer.encode(TEXT))
const config: ModelConfig = { layers: 2, heads: 2, width: 32, context: 16, vocab: tokenizer.vocabSize, dropout: 0 }

function setup(steps: number, seed = 1) {
  const spec: TrainSpec = {
    config,
    steps,
    accumulation: 2,
    lr: { kind: 'cosine', peak: 3e-3, warmup: 5, total: steps, floor: 3e-4 },
    adamw: DEFAULT_ADAMW,
    clip: 1,
    seed,
  }
  const layout = paramLayout(config)
  const state: TrainState = { params: initParams(layout, seed), optimizer: newAdamWState(layout.total), step: 0, tokensSeen: 0 }
  const data = new Batcher({ rows: 4, time: 16, corpus: new CorpusSampler(corpus, seed) })
  return { spec, state, data }
}

const clone = (s: TrainState): TrainState => ({
  params: s.params.slice(),
  optimizer: { m: s.optimizer.m.slice(), v: s.optimizer.v.slice(), step: s.optimizer.step },
  step: s.step,
  tokensSeen: s.tokensSeen,
})

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`training on ${backend}`, () => {
    it('brings the loss down on a small corpus without leaking tensors', async () => {
      const ops = await useBackend(backend)
      const { spec, state, data } = setup(60)
      const engine = new LocalGradientEngine(config, ops)
      const losses: number[] = []
      let tensorsAfterFirst = -1
      const outcome = await train(spec, state, data, engine, {
        onStep: (r) => {
          losses.push(r.loss)
          if (r.step === 1) tensorsAfterFirst = tf.memory().numTensors
          else expect(tf.memory().numTensors).toBe(tensorsAfterFirst)
        },
      })
      expect(outcome).toBe('completed')
      expect(losses).toHaveLength(60)
      expect(losses[0]!).toBeGreaterThan(Math.log(config.vocab) - 0.3)
      const late = losses.slice(-5).reduce((a, b) => a + b, 0) / 5
      expect(late).toBeLessThan(0.4 * losses[0]!)
      expect(state.tokensSeen).toBe(60 * 2 * 4 * 16)
      await engine.dispose()
    }, 60_000)

    it('resumes from a saved state with exactly the losses of an uninterrupted run', async () => {
      const ops = await useBackend(backend)
      const whole = setup(12)
      const engine = new LocalGradientEngine(config, ops)
      const straight: number[] = []
      await train(whole.spec, whole.state, whole.data, engine, { onStep: (r) => void straight.push(r.loss) })

      const first = setup(12)
      const resumed: number[] = []
      let saved: TrainState | undefined
      const outcome = await train(first.spec, first.state, first.data, engine, {
        onStep: (r) => void resumed.push(r.loss),
        onCheckpoint: async (s) => {
          saved = clone(s)
        },
        control: () => (first.state.step === 5 ? 'pause' : 'run'),
      })
      expect(outcome).toBe('paused')
      expect(saved!.step).toBe(5)
      // A new process would rebuild everything from the checkpoint: new data source, new engine.
      const again = setup(12)
      const engine2 = new LocalGradientEngine(config, ops)
      await train(again.spec, saved!, again.data, engine2, { onStep: (r) => void resumed.push(r.loss) })
      expect(resumed).toHaveLength(12)
      for (let i = 0; i < 12; i++) expect(Math.abs(resumed[i]! - straight[i]!)).toBeLessThan(1e-5)
      await engine.dispose()
      await engine2.dispose()
    }, 60_000)
  })
}

describe('data-parallel gradient threads', () => {
  it('give the same loss and gradients as one thread', async () => {
    const ops = await useBackend('wasm')
    const { state, data } = setup(1)
    const batch = data.batch(0)
    const local = await new LocalGradientEngine(config, ops).compute(state.params, batch, 0)
    const threads = await ThreadGradientEngine.start(config, 'wasm', 2, state.params.length)
    try {
      const parallel = await threads.compute(state.params, batch, 0)
      expect(parallel.weightSum).toBe(local.weightSum)
      expect(parallel.lossSum).toBeCloseTo(local.lossSum, 3)
      let maxDiff = 0
      for (let i = 0; i < local.grads.length; i++) maxDiff = Math.max(maxDiff, Math.abs(parallel.grads[i]! - local.grads[i]!))
      expect(maxDiff).toBeLessThan(1e-4)
      expect(Math.max(...local.grads.map(Math.abs))).toBeGreaterThan(1e-2)
      // Each thread reports its time in lossAndGrads, for bench:train's step profile.
      expect(threads.lastTiming.threadMs).toHaveLength(2)
      for (const ms of threads.lastTiming.threadMs) expect(ms).toBeGreaterThan(0)
      expect(threads.lastTiming.sumMs).toBeGreaterThanOrEqual(0)
    } finally {
      await threads.dispose()
    }
  }, 60_000)

  it('resume reproduces the uninterrupted losses exactly, and a finished run keeps arrays of its own', async () => {
    await useBackend('wasm')
    const size = paramLayout(config).total
    const engine = await ThreadGradientEngine.start(config, 'wasm', 2, size)
    const engine2 = await ThreadGradientEngine.start(config, 'wasm', 2, size)
    try {
      const whole = setup(8)
      const straight: number[] = []
      await train(whole.spec, whole.state, whole.data, engine, { onStep: (r) => void straight.push(r.loss) })
      const finished = whole.state.params.slice()

      const first = setup(8)
      const resumed: number[] = []
      let saved: TrainState | undefined
      await train(first.spec, first.state, first.data, engine, {
        onStep: (r) => void resumed.push(r.loss),
        onCheckpoint: async (s) => {
          saved = clone(s)
        },
        control: () => (first.state.step === 3 ? 'pause' : 'run'),
      })
      // The same engine trained another state meanwhile: the first run's parameters did not move.
      const differs = (a: Float32Array, b: Float32Array) => a.findIndex((x, i) => x !== b[i])
      expect(differs(whole.state.params, finished)).toBe(-1)
      expect(whole.state.params.buffer).not.toBeInstanceOf(SharedArrayBuffer)
      const again = setup(8)
      await train(again.spec, saved!, again.data, engine2, { onStep: (r) => void resumed.push(r.loss) })
      expect(resumed).toEqual(straight)
      // `saved` is the resumed state, now trained to step 8: the same parameters bit for bit.
      expect(differs(saved!.params, whole.state.params)).toBe(-1)
      expect(straight[7]!).toBeLessThan(straight[0]! - 0.5)
    } finally {
      await engine.dispose()
      await engine2.dispose()
    }
  }, 60_000)
})
