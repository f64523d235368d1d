import { describe, expect, it } from 'vitest'
import { classifyByTokenProb, evaluateGeneration, gptScorer, heldOutLoss, heldOutRows, scoreSequences, type Scorer } from '../../electron/core/engine/eval'
import { Gpt } from '../../electron/core/engine/model'
import { initParams } from '../../electron/core/engine/params'
import { tokenizerFromSpec } from '../../electron/core/engine/tokenizer'
import { simpleTemplate, type Example } from '../../shared/eval'
import type { ModelConfig } from '../../shared'
import { useBackend } from '../helpers/engine'

/**
 * A bigram stub over 5 tokens: after token p, (p+1) mod 5 has probability 1/2 and each other
 * token 1/8, whatever came before. Positions are scored from the row's own tokens only.
 */
function bigramScorer(context: number): Scorer & { calls: number } {
  const V = 5
  const s = {
    vocabSize: V,
    context,
    calls: 0,
    logProbs(tokens: Int32Array, batch: number, time: number) {
      s.calls++
      const out = new Float32Array(batch * time * V)
      for (let i = 0; i < batch * time; i++)
        for (let v = 0; v < V; v++) out[i * V + v] = Math.log(v === (tokens[i]! + 1) % V ? 1 / 2 : 1 / 8)
      return out
    },
  }
  return s
}

describe('heldOutLoss', () => {
  // Pairs: 0→1 1→2 2→3 3→4 4→0 0→1 ✓, 1→3 3→3 ✗, 3→4 4→0 ✓ → 8 hits (ln 2 each) and 2 misses
  // (ln 8 = 3 ln 2 each): mean nll = (8 + 6)·ln 2 / 10 = 1.4 ln 2, perplexity 2^1.4.
  const stream = [0, 1, 2, 3, 4, 0, 1, 3, 3, 4, 0]

  it('predicts every token after the first exactly once over non-overlapping windows', () => {
    const r = heldOutLoss(bigramScorer(4), stream)
    expect(r.tokens).toBe(10)
    expect(r.windows).toBe(3) // inputs [0..4), [4..8), [8..10)
    expect(r.meanNll).toBeCloseTo(1.4 * Math.LN2, 6)
    expect(r.perplexity).toBeCloseTo(2 ** 1.4, 5)
    expect(heldOutRows({ checkpointId: 3, task: 'corpus', split: 'validation' }, r).map((x) => [x.metric, x.n])).toEqual([
      ['loss', 10],
      ['perplexity', 10],
    ])
  })

  it('gives the same numbers whatever the batching, and can stop after some windows', () => {
    const one = bigramScorer(4)
    const r = heldOutLoss(one, stream, { maxBatch: 1 })
    expect(one.calls).toBe(3)
    expect(r.meanNll).toBeCloseTo(heldOutLoss(bigramScorer(4), stream).meanNll, 12)
    // The first window predicts 1,2,3,4 after 0,1,2,3: four hits → perplexity 2.
    expect(heldOutLoss(bigramScorer(4), stream, { maxWindows: 1 })).toMatchObject({ tokens: 4, windows: 1 })
    expect(heldOutLoss(bigramScorer(4), stream, { maxWindows: 1 }).perplexity).toBeCloseTo(2, 5)
  })

  it('refuses streams too short or outside the vocabulary', () => {
    expect(() => heldOutLoss(bigramScorer(4), [1])).toThrow(/at least 2 tokens/)
    expect(() => heldOutLoss(bigramScorer(4), [1, 7])).toThrow(/outside the vocabulary/)
  })
})

describe('evaluation on a real tiny GPT (cpu backend)', () => {
  const config: ModelConfig = { layers: 1, heads: 2, width: 16, context: 32, vocab: 257, dropout: 0 }
  const tok = tokenizerFromSpec({ kind: 'byte' })

  it('returns [B·T·V] log-probs and a perplexity near V for a freshly initialised model', async () => {
    const ops = await useBackend('cpu')
    const gpt = new Gpt(config, ops)
    const scorer = gptScorer(gpt, initParams(gpt.layout, 1))
    const lp = scorer.logProbs(Int32Array.from([1, 2, 3, 4, 5, 6]), 2, 3)
    expect(lp).toHaveLength(2 * 3 * 257)
    let mass = 0
    for (let v = 0; v < 257; v++) mass += Math.exp(lp[v]!)
    expect(mass).toBeCloseTo(1, 4)

    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(6)
    const r = heldOutLoss(scorer, tok.encode(text))
    expect(r.tokens).toBe(text.length - 1)
    expect(r.windows).toBe(Math.ceil((text.length - 1) / 32))
    // Initial logits are ~0.02-scale, so the distribution is nearly uniform: perplexity ≈ 257.
    expect(Math.abs(r.perplexity / 257 - 1)).toBeLessThan(0.05)
    gpt.dispose()
  })

  it('gives a row the same log-probs alone or right-padded in a batch', async () => {
    const ops = await useBackend('cpu')
    const gpt = new Gpt(config, ops)
    const scorer = gptScorer(gpt, initParams(gpt.layout, 4).map((v) => v * 20))
    const rows = [[5, 9, 2, 7, 1], [3, 3, 8, 6, 4, 2, 9]]
    const batched: Float32Array[] = []
    const alone: Float32Array[] = []
    const keep = (into: Float32Array[], rowsOf: number[][]) => (i: number, lp: Float32Array, offset: number) =>
      (into[i] = lp.slice(offset, offset + rowsOf[i]!.length * 257))
    scoreSequences(scorer, rows, keep(batched, rows))
    scoreSequences(scorer, rows, keep(alone, rows), { maxBatch: 1 })
    for (let i = 0; i < rows.length; i++) for (let k = 0; k < alone[i]!.length; k++) expect(batched[i]![k]).toBeCloseTo(alone[i]![k]!, 4)
    gpt.dispose()
  })

  it('classifies and generates end to end with the right shapes', async () => {
    const ops = await useBackend('cpu')
    const gpt = new Gpt(config, ops)
    const scorer = gptScorer(gpt, initParams(gpt.layout, 2))
    const task = { name: 'tiny', template: simpleTemplate({ instruction: 'Label it.', cue: 'A:' }), labels: ['yes', 'no'], maxNewTokens: 5 }
    const examples: Example[] = Array.from({ length: 12 }, (_, i) => ({ input: `item ${i}`, label: i % 3 ? 'no' : 'yes', target: `t${i}` }))
    const options = { task, format: 'instruct' as const, shots: 2, train: examples, test: examples.slice(0, 6), seed: 3 }
    const c = classifyByTokenProb(scorer, tok, options)
    expect(c.predictions).toHaveLength(6)
    expect(c.scores.every((s) => s.length === 2 && s.every(Number.isFinite))).toBe(true)
    expect(c.accuracy.low).toBeGreaterThanOrEqual(0)
    expect(c.accuracy.high).toBeLessThanOrEqual(1)
    expect(c.baseline.label).toBe('no')
    const g = evaluateGeneration(scorer, tok, options)
    expect(g.predictions).toHaveLength(6)
    // 2 demonstrations of ~20 bytes each exceed the 32-token context.
    expect(g.truncated).toBe(6)
    gpt.dispose()
  })
})
