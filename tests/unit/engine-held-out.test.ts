/**
 * The engine's additions for the study: replayed rows' loss apart from the task rows' (in one
 * thread and across gradient threads), the held-out split kept out of training and replay,
 * held-out corpus loss as evaluation rows with an interval over windows, and classification
 * scored by free generation beside TokenProb. All on real models.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { Batcher, CorpusSampler, ExampleSampler, shardBatch } from '../../electron/core/engine/data'
import { gptScorer, heldOutLoss } from '../../electron/core/engine/eval'
import { Gpt, type Batch } from '../../electron/core/engine/model'
import type { Ops } from '../../electron/core/engine/ops'
import { LocalGradientEngine, ThreadGradientEngine } from '../../electron/core/engine/parallel/gradient-engine'
import { initParams, paramLayout } from '../../electron/core/engine/params'
import { tokenizerFromSpec } from '../../electron/core/engine/tokenizer'
import { evaluateGeneration, type Scorer } from '../../electron/core/engine/eval'
import { evaluateParams, generationAccuracy, labelsAsTargets } from '../../electron/core/jobs/evaluate'
import { evalTaskOf } from '../../shared/schemas/task'
import { corpusLossCells, splitCorpus, validationPoints } from '../../electron/core/jobs/held-out'
import { generateSuite } from '../../electron/core/tasks'
import type { ModelConfig } from '../../shared'
import { useBackend } from '../helpers/engine'

const tok = tokenizerFromSpec({ kind: 'byte' })
const config: ModelConfig = { layers: 1, heads: 2, width: 16, context: 24, vocab: 257, dropout: 0 }
const params = initParams(paramLayout(config), 5)
const text = 'Teko lives in Paris. Mira works as a baker. '.repeat(30)
const stream = Int32Array.from(tok.encode(text))

let ops: Ops
beforeAll(async () => {
  ops = await useBackend('wasm')
})

/** Rows [from, to) of a batch, as a batch of their own. */
function rows(b: Batch, from: number, to: number): Batch {
  const s = (a: Int32Array | Float32Array) => a.slice(from * b.time, to * b.time)
  return { batch: to - from, time: b.time, tokens: s(b.tokens) as Int32Array, targets: s(b.targets) as Int32Array, weights: s(b.weights) as Float32Array }
}

describe('replay loss apart from task loss', () => {
  const task = new ExampleSampler(
    [
      { prompt: tok.encode('Where does Teko live?'), completion: tok.encode(' Paris') },
      { prompt: tok.encode('Where does Mira live?'), completion: tok.encode(' Lyon') },
    ],
    1,
    tok.eos,
  )
  const batcher = new Batcher({ rows: 8, time: config.context, task, corpus: new CorpusSampler(stream, 1), replay: 0.25 })

  it('marks the replayed rows, and sums their loss alone', () => {
    const b = batcher.batch(0)
    expect(b.replayRows).toBe(2)
    const gpt = new Gpt(config, ops)
    try {
      const all = gpt.lossAndGrads(params, b)
      const replayed = gpt.lossAndGrads(params, rows(b, 0, 2))
      const taskOnly = gpt.lossAndGrads(params, rows(b, 2, 8))
      expect(all.replayLossSum).toBeCloseTo(replayed.lossSum, 3)
      expect(all.replayWeightSum).toBe(replayed.weightSum)
      expect(all.lossSum - all.replayLossSum).toBeCloseTo(taskOnly.lossSum, 3)
      // Pre-training batches have no task rows, so nothing is "replayed".
      expect(new Batcher({ rows: 4, time: 8, corpus: new CorpusSampler(stream, 1) }).batch(0).replayRows).toBe(0)
    } finally {
      gpt.dispose()
    }
  })

  it('keeps the split across gradient threads', async () => {
    const b = batcher.batch(3)
    expect(shardBatch(b, 3).map((s) => s.replayRows)).toEqual([2, 0, 0])
    const local = new LocalGradientEngine(config, ops)
    const threads = await ThreadGradientEngine.start(config, 'wasm', 2, paramLayout(config).total)
    try {
      const one = await local.compute(params, b, 1)
      const two = await threads.compute(params, b, 1)
      expect(two.replayLossSum).toBeCloseTo(one.replayLossSum, 3)
      expect(two.replayWeightSum).toBe(one.replayWeightSum)
      expect(one.replayWeightSum).toBeGreaterThan(0)
    } finally {
      await local.dispose()
      await threads.dispose()
    }
  }, 60_000)
})

describe('the held-out split', () => {
  it('is the corpus tail, and no training or replay row ever reads it', () => {
    // A tail of a byte that appears nowhere else shows any leak at once.
    const tokens = Int32Array.from([...tok.encode('abcdefgh'.repeat(100)), ...tok.encode('Z'.repeat(60))])
    const { train, heldOut } = splitCorpus(tokens, 0.07, 24)
    expect(train.length + heldOut!.length).toBe(tokens.length)
    expect(Array.from(heldOut!).every((t) => t === tok.encode('Z')[0])).toBe(true)
    const task = new ExampleSampler([{ prompt: [1, 2], completion: [3] }], 1, tok.eos)
    const replay = new Batcher({ rows: 4, time: 24, task, corpus: new CorpusSampler(train, 2), replay: 0.5 })
    const pre = new Batcher({ rows: 4, time: 24, corpus: new CorpusSampler(train, 2) })
    const z = tok.encode('Z')[0]!
    for (let i = 0; i < 200; i++) {
      expect(replay.batch(i).tokens.includes(z)).toBe(false)
      expect(pre.batch(i).targets.includes(z)).toBe(false)
    }
    // Too small a share to hold a context out: nothing is held out.
    expect(splitCorpus(tokens, 0.01, 24).heldOut).toBeNull()
  })
})

describe('held-out corpus loss', () => {
  it('gives val/loss and val/ppl for the lineage corpus, val/<name>/loss for the others', () => {
    const gpt = new Gpt(config, ops)
    try {
      const points = validationPoints(gptScorer(gpt, params), [{ name: 'suite', stream }, { name: 'my-bios', stream: stream.subarray(0, 200) }], { step: 0, tokens: 0, wallTime: 1 })
      expect(points.map((p) => p.key)).toEqual(['val/loss', 'val/ppl', 'val/my-bios/loss'])
      expect(points[1]!.value).toBeCloseTo(Math.exp(points[0]!.value), 4)
    } finally {
      gpt.dispose()
    }
  })

  it('is an evaluation row per corpus with a bootstrap interval over its windows', () => {
    const gpt = new Gpt(config, ops)
    try {
      const scorer = gptScorer(gpt, params)
      const [row] = corpusLossCells(scorer, [{ name: 'suite', stream }], 3)
      const direct = heldOutLoss(scorer, stream, { maxWindows: 128 })
      expect(row).toMatchObject({ task: 'corpus:suite', metric: 'loss', split: 'test', promptFormat: 'default', shots: 0, n: direct.windows })
      expect(row!.value).toBeCloseTo(direct.meanNll, 6)
      // An untrained model: about ln(257) = 5.55 nats a byte, windows differing a little.
      expect(row!.value).toBeGreaterThan(4.5)
      expect(row!.ciLow!).toBeLessThan(row!.value)
      expect(row!.ciHigh!).toBeGreaterThan(row!.value)
      expect(row!.ciHigh! - row!.ciLow!).toBeLessThan(0.5)
    } finally {
      gpt.dispose()
    }
  })
})

describe('classification scored by free generation', () => {
  it('adds generation-accuracy beside TokenProb accuracy: an untrained model generates no label', () => {
    const suite = generateSuite({ seed: 1, scale: 'tiny' })
    const nli = suite.tasks.find((t) => t.id === 'nli')!
    const gpt = new Gpt({ ...config, context: 96 }, ops)
    try {
      const cells = evaluateParams(gpt, initParams(paramLayout({ ...config, context: 96 }), 5), tok, [nli], { splits: ['test'], formats: ['default'], shots: [0], maxExamples: 12, seed: 1 })
      expect(cells.map((c) => c.metric)).toEqual(['accuracy', 'majority-baseline', 'generation-accuracy'])
      const gen = cells[2]!
      expect(gen.n).toBe(12)
      // TokenProb always picks some label (about 1/3 right by chance); free generation of
      // random bytes is never exactly "entails", "contradicts" or "unknown".
      expect(gen.value).toBe(0)
    } finally {
      gpt.dispose()
    }
  })

  it('is exact match of the generated line against the label', () => {
    const nli = generateSuite({ seed: 1, scale: 'tiny' }).tasks.find((t) => t.id === 'nli')!
    const test = nli.splits.test
    const task = evalTaskOf(nli)
    // A model that answers every prompt with a fixed line of text.
    const says = (answer: (i: number) => string): Scorer => ({
      vocabSize: 257,
      context: 4096,
      logProbs(tokens, batch, time) {
        const out = new Float32Array(batch * time * 257).fill(-1e9)
        for (let b = 0; b < batch; b++) {
          const text = tok.decode(tokens.subarray(b * time, (b + 1) * time))
          for (let pos = 0; pos < time; pos++) {
            const seen = text.slice(0, pos + 1)
            const i = test.findIndex((e) => seen.includes(e.input))
            if (i < 0) continue // still inside the prompt: nothing is read here
            const line = ` ${answer(i)}\n`
            const written = seen.slice(seen.lastIndexOf('Relation:') + 'Relation:'.length)
            out[(b * time + pos) * 257 + tok.encode(line[written.length] ?? '\n')[0]!] = 0
          }
        }
        return out
      },
    })
    const run = (answer: (i: number) => string) => generationAccuracy(says(answer), tok, { ...labelsAsTargets(task, test, tok), format: 'default', shots: 0, train: nli.splits.train, seed: 1 }).interval.estimate
    expect(run((i) => test[i]!.label!)).toBe(1)
    expect(run(() => 'maybe')).toBe(0)
    // The label followed by more words on the line is not the label, even where the token
    // budget cuts the line right after it.
    expect(run((i) => `${test[i]!.label!} probably`)).toBe(0)
    expect(evaluateGeneration(says((i) => `${test[i]!.label!} probably`), tok, { ...labelsAsTargets(task, test, tok), format: 'default', shots: 0, train: nli.splits.train, seed: 1 }).exactMatchInterval.estimate).toBeGreaterThan(0)
  })
})
