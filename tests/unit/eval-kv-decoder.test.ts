import { describe, expect, it } from 'vitest'
import { argmaxRow, greedyDecode, gptScorer, KvDecoder, type Scorer } from '../../electron/core/engine/eval'
import { Gpt } from '../../electron/core/engine/model'
import type { Ops } from '../../electron/core/engine/ops'
import { initParams } from '../../electron/core/engine/params'
import { generateWith } from '../../electron/core/engine/sample'
import { tf } from '../../electron/core/engine/tf'
import { tokenizerFromSpec } from '../../electron/core/engine/tokenizer'
import { Rng, type ModelConfig } from '../../shared'
import { useBackend } from '../helpers/engine'

const config: ModelConfig = { layers: 2, heads: 2, width: 16, context: 12, vocab: 29, dropout: 0 }
const V = config.vocab

function fixture(ops: Ops) {
  const gpt = new Gpt(config, ops)
  // Scaled-up weights so the distributions are far from uniform and mistakes show.
  const params = initParams(gpt.layout, 6).map((v) => v * 25)
  return { gpt, params }
}

/** Gpt.logProbs at the last position of one sequence, run alone. */
function reference(gpt: Gpt, params: Float32Array, seq: number[]): Float32Array {
  const lp = gpt.logProbs(params, Int32Array.from(seq), 1, seq.length)
  return lp.slice((seq.length - 1) * V)
}

function expectClose(actual: Float32Array, expected: Float32Array) {
  expect(actual).toHaveLength(expected.length)
  let worst = 0
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!))
  expect(worst).toBeLessThan(2e-4)
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`KvDecoder on ${backend}`, () => {
    it('matches Gpt.logProbs for left-padded prompts, appended tokens and kept rows', async () => {
      const ops = await useBackend(backend)
      const before = tf.memory().numTensors
      const { gpt, params } = fixture(ops)
      const rng = new Rng(1)
      const seqs = [3, 7, 5].map((n) => Array.from({ length: n }, () => rng.int(V)))
      const dec = new KvDecoder(config, params, ops)
      const check = (lp: Float32Array, rows: number[][]) => rows.forEach((s, r) => expectClose(lp.slice(r * V, (r + 1) * V), reference(gpt, params, s)))
      check(dec.start(seqs), seqs)
      for (const s of seqs) s.push(rng.int(V))
      check(dec.append(seqs.map((s) => s[s.length - 1]!)), seqs)
      // Drop the longest row (the only one without padding) and carry on with the others.
      dec.keep([2, 0])
      const kept = [seqs[2]!, seqs[0]!]
      for (let step = 0; step < 3; step++) {
        for (const s of kept) s.push(rng.int(V))
        check(dec.append(kept.map((s) => s[s.length - 1]!)), kept)
      }
      expect(dec.longest).toBe(9)
      dec.dispose()
      gpt.dispose()
      // The decoder's parameters and cache are released (Gpt's own mask cache goes with it).
      expect(tf.memory().numTensors).toBe(before)
    })

    it('refuses to grow a row past the context', async () => {
      const ops = await useBackend(backend)
      const { gpt, params } = fixture(ops)
      const dec = new KvDecoder(config, params, ops)
      dec.start([Array.from({ length: 12 }, () => 1)])
      expect(() => dec.append([1])).toThrow(/full context/)
      expect(() => dec.start([Array.from({ length: 13 }, () => 1)])).toThrow(/1\.\.12/)
      dec.dispose()
      gpt.dispose()
    })

    it('gives greedy decoding and sampling the same tokens as re-scoring the window', async () => {
      const ops = await useBackend(backend)
      const { gpt, params } = fixture(ops)
      const cached = gptScorer(gpt, params)
      const rescoring: Scorer = { vocabSize: V, context: config.context, logProbs: cached.logProbs }
      const rng = new Rng(2)
      const prompts = [2, 9, 4, 6, 11].map((n) => Array.from({ length: n }, () => rng.int(V)))
      const options = { maxNewTokens: 5, eos: 28 }
      expect(greedyDecode(cached, prompts, options)).toEqual(greedyDecode(rescoring, prompts, options))
      // Near and past the 12-token context with 8 new tokens: a 9-token prompt takes 12 − 9 + 1 = 4
      // tokens from the cache, then slides; a 12- or 15-token prompt (cut to 12) takes 1.
      const long = [9, 12, 15, 10, 3].map((n) => Array.from({ length: n }, () => rng.int(V)))
      const rescored: number[] = []
      let drops = 0
      const counting: Scorer = {
        ...cached,
        logProbs: (t, batch, time) => (rescored.push(batch * time), cached.logProbs(t, batch, time)),
        decoder: () => {
          const d = cached.decoder!()
          const keep = d.keep.bind(d)
          d.keep = (rows) => (drops++, keep(rows))
          return d
        },
      }
      const slid = greedyDecode(counting, long, { maxNewTokens: 8 })
      expect(slid).toEqual(greedyDecode(rescoring, long, { maxNewTokens: 8 }))
      expect(slid.map((d) => d.tokens.length)).toEqual([8, 8, 8, 8, 8])
      // The first token is the argmax of one forward pass over the whole 9-token prompt.
      expect(slid[0]!.tokens[0]).toBe(argmaxRow(reference(gpt, params, long[0]!), 0, V))
      // Re-scored windows (each of the full 12 tokens): 4 + 7 + 7 + 5 for the rows past their
      // cached budget; the 3-token prompt fits prompt + 8 tokens and never re-scores.
      expect(rescored.reduce((a, b) => a + b, 0)).toBe((4 + 7 + 7 + 5) * config.context)
      // Rows that outgrow the context at the same step share a batch, so none is dropped alone.
      expect(drops).toBe(0)
      // With stops, rows also leave the cache early (eos is one of 29 ids).
      const stopping = { maxNewTokens: 8, eos: 28 }
      expect(greedyDecode(cached, long, stopping)).toEqual(greedyDecode(rescoring, long, stopping))
      // A 25-token sample outgrows the 12-token context: the cached path must restart correctly.
      const tok = { ...tokenizerFromSpec({ kind: 'byte' }), vocabSize: V, eos: 28, encode: (t: string) => Array.from(t, (c) => c.charCodeAt(0) % 28), decode: () => '' }
      const sample = { prompt: 'hello', maxTokens: 25, temperature: 0.8, topK: 10, seed: 4, stopAtEos: false }
      const a = generateWith(cached, tok, sample)
      expect(a.tokens).toHaveLength(25)
      expect(a.tokens).toEqual(generateWith(rescoring, tok, sample).tokens)
      gpt.dispose()
    })
  })
}
