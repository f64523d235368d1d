import { describe, expect, it } from 'vitest'
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
