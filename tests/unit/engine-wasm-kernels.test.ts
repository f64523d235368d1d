import { describe, expect, it } from 'vitest'
import { gelu, geluBackward, layerNorm, layerNormBackward } from '../../electron/core/engine/layers'
import { tf } from '../../electron/core/engine/tf'
import { Rng } from '../../shared'
import { useBackend } from '../helpers/engine'

/** The same op on the wasm backend (with Continuum's replaced kernels) and on cpu (shipped). */
async function bothBackends(shape: number[], op: (x: tf.Tensor) => tf.Tensor | tf.Tensor[]) {
  const rng = new Rng(shape.reduce((a, b) => a * 31 + b, 7))
  const values = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal())
  const run = () =>
    tf.tidy(() => {
      const out = op(tf.tensor(values, shape))
      return (Array.isArray(out) ? out : [out]).map((t) => ({ shape: t.shape, data: Array.from(t.dataSync()) }))
    })
  await useBackend('wasm')
  const wasm = run()
  await useBackend('cpu')
  return { wasm, cpu: run() }
}

describe('replaced wasm kernels', () => {
  for (const shape of [[7, 13], [64, 33], [3, 5, 9], [2, 2, 40, 36], [1, 4]]) {
    it(`transpose of the last two axes of [${shape.join(', ')}] matches the cpu backend exactly`, async () => {
      const perm = shape.map((_, i) => i)
      perm.splice(-2, 2, shape.length - 1, shape.length - 2)
      const { wasm, cpu } = await bothBackends(shape, (x) => tf.transpose(x, perm))
      expect(wasm).toEqual(cpu)
    })
  }

  it('other permutations, slices, splits and unstacks match the cpu backend exactly', async () => {
    const { wasm, cpu } = await bothBackends([3, 6, 5, 4], (x) => [
      tf.transpose(x, [0, 2, 1, 3]),
      tf.slice(x, [1, 2, 0, 1], [2, 3, 5, 2]),
      ...tf.split(x, [2, 4], 1),
      ...tf.unstack(x, 2),
    ])
    expect(wasm).toEqual(cpu)
  })
})

describe('fused GELU and LayerNorm kernels on wasm', () => {
  /** GELU and LayerNorm forward and backward, on wasm, with the given kernels. */
  async function layers(kernels: 'custom' | 'ops') {
    const ops = await useBackend('wasm', { kernels })
    const rng = new Rng(17)
    const rows = 37
    const d = 12
    // Include large magnitudes: the fused sigmoid must not overflow for |2u| ≫ 88.
    const x = Float32Array.from({ length: rows * d }, (_, i) => (i % 29 === 0 ? (i % 2 ? 120 : -120) : rng.normal() * 3))
    const dy = Float32Array.from({ length: rows * d }, () => rng.normal())
    const g = Float32Array.from({ length: d }, () => 1 + rng.normal() * 0.1)
    const b = Float32Array.from({ length: d }, () => rng.normal() * 0.1)
    return tf.tidy(() => {
      const xt = tf.tensor2d(x, [rows, d])
      const dyt = tf.tensor2d(dy, [rows, d])
      const ge = gelu(ops, xt)
      const ln = layerNorm(ops, xt, tf.tensor1d(g), tf.tensor1d(b))
      const lb = layerNormBackward(ops, dyt, ln.cache)
      const data = (t: tf.Tensor) => Array.from(t.dataSync())
      return { geluY: data(ge.y), geluDx: data(geluBackward(ops, dyt, xt, ge.s)), lnY: data(ln.y), lnDx: data(lb.dx), dg: Array.from(lb.dg), db: Array.from(lb.db) }
    })
  }

  it('agree with the TF.js ops', async () => {
    const fused = await layers('custom')
    const ops = await layers('ops')
    for (const key of Object.keys(ops) as (keyof typeof ops)[]) {
      expect(fused[key].length, key).toBe(ops[key].length)
      expect(fused[key].every(Number.isFinite), `${key} is finite`).toBe(true)
      const worst = Math.max(...fused[key].map((v, i) => Math.abs(v - ops[key][i]!) / Math.max(1, Math.abs(ops[key][i]!))))
      expect(worst, `${key}: largest relative difference`).toBeLessThan(2e-5)
    }
    await useBackend('wasm')
  })
})
