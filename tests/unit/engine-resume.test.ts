import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadCheckpoint, saveCheckpoint } from '../../electron/core/engine/checkpoint'
import { Batcher, CorpusSampler, ExampleSampler } from '../../electron/core/engine/data'
import { DEFAULT_ADAMW, newAdamWState } from '../../electron/core/engine/optimizer'
import { LocalGradientEngine } from '../../electron/core/engine/parallel/gradient-engine'
import { initParams, paramLayout } from '../../electron/core/engine/params'
import { tokenizerFromSpec } from '../../electron/core/engine/tokenizer'
import { train, type TrainSpec, type TrainState } from '../../electron/core/engine/train'
import type { ModelConfig } from '../../shared'
import { useBackend } from '../helpers/engine'
import { tempDir } from '../helpers/temp'

const tok = tokenizerFromSpec({ kind: 'byte' })
const corpus = Int32Array.from(tok.encode('Paris is the capital of France. Rome is the capital of Italy. '.repeat(30)))
const examples = ['2+2=4', '3+1=4', '5+2=7', '6+3=9', '1+1=2'].map((s) => {
  const [q, a] = s.split('=')
  return { prompt: tok.encode(`${q}=`), completion: tok.encode(a!) }
})
// Dropout on, replay on: the hardest case for reproducing a run after a restart.
const config: ModelConfig = { layers: 2, heads: 2, width: 16, context: 16, vocab: tok.vocabSize, dropout: 0.1 }
const dir = tempDir()
afterAll(() => dir.cleanup())

function fresh(): { spec: TrainSpec; data: Batcher } {
  return {
    spec: { config, steps: 10, accumulation: 2, lr: { kind: 'cosine', peak: 2e-3, warmup: 3, total: 10, floor: 2e-4 }, adamw: DEFAULT_ADAMW, clip: 1, seed: 9 },
    data: new Batcher({ rows: 4, time: 16, task: new ExampleSampler(examples, 9, tok.eos), corpus: new CorpusSampler(corpus, 9), replay: 0.25 }),
  }
}

const start = (): TrainState => {
  const layout = paramLayout(config)
  return { params: initParams(layout, 9), optimizer: newAdamWState(layout.total), step: 0, tokensSeen: 0 }
}

for (const backend of ['cpu', 'wasm'] as const) {
  it(`a run paused to a checkpoint on disk and resumed in a new engine reproduces the uninterrupted losses (${backend})`, async () => {
    const ops = await useBackend(backend)
    const straight: number[] = []
    const a = fresh()
    await train(a.spec, start(), a.data, new LocalGradientEngine(config, ops), { onStep: (r) => void straight.push(r.loss) })

    const losses: number[] = []
    const b = fresh()
    const state = start()
    const folder = join(dir.path, `${backend}-step-4`)
    await train(b.spec, state, b.data, new LocalGradientEngine(config, ops), {
      onStep: (r) => void losses.push(r.loss),
      onCheckpoint: async (s) => {
        await saveCheckpoint(folder, { config, tokenizer: tok.spec, params: s.params, optimizer: s.optimizer, runId: 1, step: s.step, tokensSeen: s.tokensSeen, parent: null, phase: 'finetune', seed: 9 })
      },
      control: () => (state.step === 4 ? 'pause' : 'run'),
    })

    const loaded = await loadCheckpoint(folder)
    expect(loaded.manifest.step).toBe(4)
    const resumed: TrainState = { params: loaded.params, optimizer: loaded.optimizer!, step: loaded.manifest.step, tokensSeen: loaded.manifest.tokensSeen }
    const c = fresh()
    await train(c.spec, resumed, c.data, new LocalGradientEngine(config, ops), { onStep: (r) => void losses.push(r.loss) })
    expect(losses).toHaveLength(10)
    for (let i = 0; i < 10; i++) expect(Math.abs(losses[i]! - straight[i]!), `step ${i + 1}`).toBeLessThan(1e-5)
    expect(resumed.tokensSeen).toBe(10 * 2 * 4 * 16)
  }, 60_000)
}

describe('dropout', () => {
  it('changes the loss (it is really applied) but only when configured', async () => {
    const ops = await useBackend('cpu')
    const a = fresh()
    const withDropout: number[] = []
    await train({ ...a.spec, steps: 2 }, start(), a.data, new LocalGradientEngine(config, ops), { onStep: (r) => void withDropout.push(r.loss) })
    const noDrop = { ...config, dropout: 0 }
    const b = fresh()
    const without: number[] = []
    await train({ ...b.spec, config: noDrop, steps: 2 }, start(), b.data, new LocalGradientEngine(noDrop, ops), { onStep: (r) => void without.push(r.loss) })
    expect(Math.abs(withDropout[0]! - without[0]!)).toBeGreaterThan(1e-4)
  }, 60_000)
})
