import { describe, expect, it } from 'vitest'
import { Batcher, CorpusSampler, ExampleSampler, shardBatch } from '../../electron/core/engine/data'

const EOS = 99
const corpus = Int32Array.from({ length: 500 }, (_, i) => i % 50)
const examples = Array.from({ length: 7 }, (_, i) => ({ prompt: [1, 2, 3, i], completion: [10 + i, 20 + i] }))

describe('batches', () => {
  it('takes corpus windows with next-token targets', () => {
    const b = new Batcher({ rows: 3, time: 8, corpus: new CorpusSampler(corpus, 1) }).batch(0)
    expect(b.batch).toBe(3)
    for (let r = 0; r < 3; r++)
      for (let t = 0; t < 8; t++) {
        expect(b.targets[r * 8 + t]).toBe((b.tokens[r * 8 + t]! + 1) % 50 === 0 ? 0 : b.tokens[r * 8 + t]! + 1)
        expect(b.weights[r * 8 + t]).toBe(1)
      }
  })

  it('is a pure function of seed and index', () => {
    const a = new Batcher({ rows: 4, time: 8, corpus: new CorpusSampler(corpus, 7) })
    const b = new Batcher({ rows: 4, time: 8, corpus: new CorpusSampler(corpus, 7) })
    expect(Array.from(a.batch(3).tokens)).toEqual(Array.from(b.batch(3).tokens))
    expect(Array.from(a.batch(3).tokens)).not.toEqual(Array.from(a.batch(4).tokens))
  })

  it('puts the loss on the completion and its end-of-text only', () => {
    const sampler = new ExampleSampler(examples, 1, EOS)
    const row = sampler.row({ prompt: [1, 2, 3], completion: [7, 8] }, 8)
    // sequence 1 2 3 7 8 EOS: inputs 1 2 3 7 8 | targets 2 3 7 8 EOS, loss on 7, 8, EOS.
    expect(Array.from(row.tokens)).toEqual([1, 2, 3, 7, 8, EOS, EOS, EOS])
    expect(Array.from(row.targets)).toEqual([2, 3, 7, 8, EOS, EOS, EOS, EOS])
    expect(Array.from(row.weights)).toEqual([0, 0, 1, 1, 1, 0, 0, 0])
  })

  it('cuts an over-long prompt from the left and keeps the completion', () => {
    const sampler = new ExampleSampler(examples, 1, EOS)
    const row = sampler.row({ prompt: [1, 2, 3, 4, 5, 6], completion: [7, 8] }, 4)
    // keep time+1 = 5 tokens: 5 6 7 8 EOS
    expect(Array.from(row.tokens)).toEqual([5, 6, 7, 8])
    expect(Array.from(row.targets)).toEqual([6, 7, 8, EOS])
    expect(Array.from(row.weights)).toEqual([0, 1, 1, 1])
  })

  it('visits every example once per epoch in a seeded order', () => {
    const sampler = new ExampleSampler(examples, 3, EOS)
    const epoch0 = Array.from({ length: 7 }, (_, i) => sampler.exampleAt(i).prompt[3])
    const epoch1 = Array.from({ length: 7 }, (_, i) => sampler.exampleAt(7 + i).prompt[3])
    expect([...epoch0].sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect([...epoch1].sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(epoch0).not.toEqual(epoch1)
  })

  it('mixes a replay fraction of corpus rows into fine-tuning batches without skipping task examples', () => {
    const task = new ExampleSampler(examples, 1, EOS)
    const batcher = new Batcher({ rows: 4, time: 8, task, corpus: new CorpusSampler(corpus, 1), replay: 0.25 })
    const seen: number[] = []
    for (let i = 0; i < 7; i++) {
      const b = batcher.batch(i)
      expect(batcher.replayCount(i)).toBe(1)
      // Row 0 is corpus (all weights 1), rows 1..3 are task rows (prompt masked).
      expect(Array.from(b.weights.subarray(0, 8))).toEqual(Array(8).fill(1))
      for (let r = 1; r < 4; r++) {
        expect(b.weights[r * 8]).toBe(0)
        seen.push(b.tokens[r * 8 + 3]!)
      }
    }
    // 21 task rows = three full epochs of the 7 examples.
    for (let e = 0; e < 3; e++) expect(seen.slice(e * 7, e * 7 + 7).sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
  })

  it('shards a batch by rows', () => {
    const b = new Batcher({ rows: 5, time: 4, corpus: new CorpusSampler(corpus, 1) }).batch(0)
    const shards = shardBatch(b, 2)
    expect(shards.map((s) => s.batch)).toEqual([3, 2])
    expect([...shards[0]!.tokens, ...shards[1]!.tokens]).toEqual([...b.tokens])
  })
})
