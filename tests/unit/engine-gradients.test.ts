import { describe, expect, it } from 'vitest'
import { Gpt } from '../../electron/core/engine/model'
import type { Ops } from '../../electron/core/engine/ops'
import { initParams } from '../../electron/core/engine/params'
import { Rng, type ModelConfig } from '../../shared'
import { referenceLoss } from '../helpers/reference-gpt'
import { useBackend } from '../helpers/engine'

const config: ModelConfig = { layers: 2, heads: 2, width: 8, context: 6, vocab: 11, dropout: 0 }
const batch = 2
const time = 5

function fixture(ops: Ops) {
  const rng = new Rng(3)
  const tokens = Int32Array.from({ length: batch * time }, () => rng.int(config.vocab))
  const targets = Int32Array.from({ length: batch * time }, () => rng.int(config.vocab))
  // Mask a few positions out of the loss, as prompt tokens are in fine-tuning.
  const weights = Float32Array.from({ length: batch * time }, (_, i) => (i % 4 === 1 ? 0 : 1))
  const model = new Gpt(config, ops)
  // Larger than the real init so every path carries a gradient well above float32 noise.
  const params = initParams(model.layout, 11).map((v, i) => v * 10 + (i % 7 === 0 ? 0.1 : 0))
  return { tokens, targets, weights, model, params }
}

// Continuum's kernels serve wasm and cpu; the TF.js-ops layers serve native backends, which
// are not installed here, so they are checked on cpu and wasm.
const setups = [
  { backend: 'cpu', kernels: 'custom' },
  { backend: 'wasm', kernels: 'custom' },
  { backend: 'cpu', kernels: 'ops' },
  { backend: 'wasm', kernels: 'ops' },
] as const

for (const { backend, kernels } of setups) {
  describe(`GPT on ${backend} with ${kernels} kernels`, () => {
    it('matches a naive float64 reference forward pass', async () => {
      const { tokens, targets, weights, model, params } = fixture(await useBackend(backend, { kernels }))
      const ref = referenceLoss(config, params, tokens, targets, weights, batch, time)
      const out = model.lossAndGrads(params, { batch, time, tokens, targets, weights })
      expect(out.weightSum).toBe(weights.reduce((a, b) => a + b, 0))
      expect(out.lossSum).toBeCloseTo(ref.lossSum, 3)
      const lp = model.logProbs(params, tokens, batch, time)
      for (let i = 0; i < batch * time; i++)
        for (let v = 0; v < config.vocab; v++) expect(lp[i * config.vocab + v]).toBeCloseTo(ref.logProbs[i]![v]!, 4)
      model.dispose()
    })

    it('has gradients that agree with finite differences of the reference', async () => {
      const { tokens, targets, weights, model, params } = fixture(await useBackend(backend, { kernels }))
      const { grads } = model.lossAndGrads(params, { batch, time, tokens, targets, weights })
      const p64 = Float64Array.from(params)
      const rng = new Rng(5)
      // Check some coordinates of every tensor.
      let checked = 0
      for (const spec of model.layout.specs) {
        for (let n = 0; n < 4; n++) {
          const i = spec.offset + rng.int(spec.size)
          const h = 1e-5
          p64[i] = params[i]! + h
          const up = referenceLoss(config, p64, tokens, targets, weights, batch, time).lossSum
          p64[i] = params[i]! - h
          const down = referenceLoss(config, p64, tokens, targets, weights, batch, time).lossSum
          p64[i] = params[i]!
          const numeric = (up - down) / (2 * h)
          expect(Math.abs(grads[i]! - numeric), `${spec.name}[${i - spec.offset}]: ${grads[i]} vs ${numeric}`).toBeLessThan(2e-3 * Math.max(1, Math.abs(numeric)))
          checked++
        }
      }
      expect(checked).toBe(model.layout.specs.length * 4)
      model.dispose()
    })
  })
}
