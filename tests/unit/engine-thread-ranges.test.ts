import { describe, expect, it } from 'vitest'
import { Batcher, CorpusSampler, shardBatch } from '../../electron/core/engine/data'
import { DEFAULT_ADAMW, adamwStep, clipScale, decayMask, newAdamWState, type AdamWState } from '../../electron/core/engine/optimizer'
import { LocalGradientEngine, ThreadGradientEngine } from '../../electron/core/engine/parallel/gradient-engine'
import { NORM_CHUNK, chunkCount, normOf, normaliseRange, splitRanges } from '../../electron/core/engine/parallel/gradient-ranges'
import { initParams, paramLayout } from '../../electron/core/engine/params'
import type { ModelConfig } from '../../shared'
import { useBackend } from '../helpers/engine'

/** The first index where two arrays differ bit for bit, or -1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length)
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length)
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length)
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i
  return -1
}

describe('splitRanges', () => {
  it('covers [0, size) with contiguous chunk-aligned ranges, as even as the chunks allow', () => {
    // config M has 3,258,112 parameters; the others sit on and around chunk boundaries.
    for (const size of [1, NORM_CHUNK - 1, NORM_CHUNK, NORM_CHUNK + 1, 5 * NORM_CHUNK + 7, 3_258_112]) {
      for (const parts of [1, 2, 3, 5]) {
        const ranges = splitRanges(size, parts)
        expect(ranges).toHaveLength(parts)
        expect(ranges[0]!.start).toBe(0)
        expect(ranges[parts - 1]!.end).toBe(size)
        for (let t = 1; t < parts; t++) expect(ranges[t]!.start).toBe(ranges[t - 1]!.end)
        for (const r of ranges) expect(r.start % NORM_CHUNK).toBe(0)
        const chunks = ranges.map((r) => Math.ceil((r.end - r.start) / NORM_CHUNK))
        expect(chunks.reduce((a, b) => a + b, 0)).toBe(chunkCount(size))
        expect(Math.max(...chunks) - Math.min(...chunks)).toBeLessThanOrEqual(1)
      }
    }
    // 3,258,112 = 795.4 chunks: 796 chunks over 2 threads, 398 each (the last one partial).
    expect(splitRanges(3_258_112, 2)).toEqual([
      { start: 0, end: 398 * NORM_CHUNK },
      { start: 398 * NORM_CHUNK, end: 3_258_112 },
    ])
  })

  it('gives a norm that does not depend on the split', () => {
    const size = 7 * NORM_CHUNK + 123
    const grads = Float32Array.from({ length: size }, (_, i) => Math.sin(i) * 3)
    const norms = [1, 2, 3, 7].map((parts) => {
      const g = grads.slice()
      const sums = new Float64Array(chunkCount(size))
      for (const r of splitRanges(size, parts)) normaliseRange(g, 1 / 64, r, sums)
      return { norm: normOf(sums), g }
    })
    for (const n of norms) {
      expect(n.norm).toBe(norms[0]!.norm)
      expect(firstDifference(n.g, norms[0]!.g)).toBe(-1)
    }
    // Against a float64 sum over every element: the chunked order only moves the last bits.
    let sq = 0
    for (let i = 0; i < size; i++) sq += (grads[i]! / 64) ** 2
    expect(Math.abs(norms[0]!.norm - Math.sqrt(sq))).toBeLessThan(1e-12 * Math.sqrt(sq))
    expect(norms[0]!.norm).toBeGreaterThan(1)
  })
})

describe('gradient threads over their ranges', () => {
  // 2 layers of width 32 with the byte vocabulary: 34,208 parameters, 8.35 chunks, so 3 threads
  // get 3, 3 and 2.35 chunks and the last range ends mid-chunk.
  const config: ModelConfig = { layers: 2, heads: 2, width: 32, context: 16, vocab: 257, dropout: 0 }
  const THREADS = 3

  it('sum, normalise and update bit for bit like the same rules over the whole array, up to the last parameter', async () => {
    const ops = await useBackend('wasm')
    const layout = paramLayout(config)
    const n = layout.total
    expect(n % NORM_CHUNK).not.toBe(0)
    const corpus = Int32Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)
    const data = new Batcher({ rows: 6, time: config.context, corpus: new CorpusSampler(corpus, 2) })
    const local = new LocalGradientEngine(config, ops)
    const threads = await ThreadGradientEngine.start(config, 'wasm', THREADS, n)
    const mask = decayMask(layout)
    const state = { params: initParams(layout, 5), optimizer: newAdamWState(n) }
    const ref = { params: state.params.slice(), optimizer: newAdamWState(n) }
    const start = state.params.slice()
    try {
      threads.adopt(state)
      // Step 1 has one micro-batch, step 2 two (the accumulating sum); clipping is on (norm > 0.5).
      for (const micros of [1, 2]) {
        const sum = new Float32Array(n)
        let weightSum = 0
        for (let micro = 0; micro < micros; micro++) {
          const batch = data.batch(micros + micro)
          const r = await threads.compute(state.params, batch, 0, micro > 0)
          weightSum += r.weightSum
          // The reference: each thread's shard in this thread, added in thread order, in float32.
          const shardSum = new Float32Array(n)
          for (const [i, shard] of shardBatch(batch, THREADS).entries()) {
            const g = (await local.compute(ref.params, shard, 0)).grads
            for (let j = 0; j < n; j++) shardSum[j] = i === 0 ? g[j]! : shardSum[j]! + g[j]!
          }
          for (let j = 0; j < n; j++) sum[j] = micro === 0 ? shardSum[j]! : sum[j]! + shardSum[j]!
          expect(firstDifference(r.grads, sum)).toBe(-1)
        }
        const chunkSums = new Float64Array(chunkCount(n))
        normaliseRange(sum, 1 / weightSum, { start: 0, end: n }, chunkSums)
        const norm = await threads.normalise(weightSum)
        expect(norm).toBe(normOf(chunkSums))
        expect(norm).toBeGreaterThan(0.5)
        await threads.update(state, 1e-2, DEFAULT_ADAMW, clipScale(norm, 0.5))
        adamwStep(ref.params, sum, ref.optimizer, mask, 1e-2, DEFAULT_ADAMW, clipScale(norm, 0.5))
        expect(state.optimizer.step).toBe(ref.optimizer.step)
        const moments = (o: AdamWState) => [o.m, o.v]
        for (const [a, b] of [[state.params, ref.params], ...moments(state.optimizer).map((m, k) => [m, moments(ref.optimizer)[k]!])] as [Float32Array, Float32Array][])
          expect(firstDifference(a, b)).toBe(-1)
      }
      // Every range was really updated, the last parameter too.
      for (const i of [0, splitRanges(n, THREADS)[1]!.start, n - 1]) expect(state.params[i]).not.toBe(start[i])
      threads.release(state)
      expect(state.params.buffer).not.toBeInstanceOf(SharedArrayBuffer)
      expect(firstDifference(state.params, ref.params)).toBe(-1)
    } finally {
      await threads.dispose()
      await local.dispose()
    }
  }, 60_000)
})
