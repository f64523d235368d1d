import { describe, expect, it } from 'vitest'
import { KernelAttention, OpsAttention, type AttentionCore } from '../../electron/core/engine/attention'
import { dropoutMask } from '../../electron/core/engine/layers'
import { tf } from '../../electron/core/engine/tf'
import { Rng } from '../../shared'
import { useBackend } from '../helpers/engine'

/** Runs one forward and backward through a core; returns y and dqkv as plain arrays. */
function run(core: AttentionCore, qkv: Float32Array, dy: Float32Array, B: number, T: number, D: number, drop: Float32Array | null) {
  return tf.tidy(() => {
    const mask = drop ? tf.tensor3d(drop, [drop.length / (T * T), T, T]) : null
    const y = core.forward(0, tf.tensor2d(qkv, [B * T, 3 * D]), B, T, mask)
    const dqkv = core.backward(0, tf.tensor2d(dy, [B * T, D]))
    return { y: Array.from(y.dataSync()), dqkv: Array.from(dqkv.dataSync()) }
  })
}

function expectClose(actual: number[], expected: number[], what: string) {
  expect(actual.length).toBe(expected.length)
  let worst = 0
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!))
  expect(worst, `${what}: largest difference`).toBeLessThan(2e-5)
}

describe('attention kernel', () => {
  // Sizes that are not multiples of 4 exercise the kernel's padding; several heads and
  // sequences exercise its strides.
  for (const { B, T, H, dh, rate } of [
    { B: 2, T: 7, H: 3, dh: 6, rate: 0 },
    { B: 3, T: 20, H: 2, dh: 8, rate: 0 },
    { B: 2, T: 9, H: 2, dh: 5, rate: 0.3 },
  ]) {
    it(`agrees with the TF.js ops for B=${B} T=${T} H=${H} dh=${dh} dropout=${rate}`, async () => {
      const cpuOps = await useBackend('cpu')
      const D = H * dh
      const rng = new Rng(B * 100 + T)
      const qkv = Float32Array.from({ length: B * T * 3 * D }, () => rng.normal() * 1.5)
      const dy = Float32Array.from({ length: B * T * D }, () => rng.normal())
      const drop = rate > 0 ? tf.tidy(() => dropoutMask([B * H, T, T], rate, 7)!.dataSync() as Float32Array) : null
      const kernel = run(new KernelAttention(1, H), qkv, dy, B, T, D, drop)
      const ops = run(new OpsAttention(cpuOps, H), qkv, dy, B, T, D, drop)
      expectClose(kernel.y, ops.y, 'y')
      expectClose(kernel.dqkv, ops.dqkv, 'dqkv')
      // Causality: the first position of every sequence attends only to itself, so its output
      // is its own value vector (times its dropout multiplier).
      for (let b = 0; b < B; b++)
        for (let h = 0; h < H; h++) {
          const m = drop ? drop[b * H * T * T + h * T * T]! : 1
          for (let c = 0; c < dh; c++) expect(kernel.y[b * T * D + h * dh + c]).toBeCloseTo(qkv[b * T * 3 * D + 2 * D + h * dh + c]! * m, 5)
        }
    })
  }

  it('gives the same output without keeping state (inference), and then refuses a backward', async () => {
    await useBackend('cpu')
    const [B, T, H, D] = [2, 6, 2, 8]
    const rng = new Rng(4)
    const qkv = Float32Array.from({ length: B * T * 3 * D }, () => rng.normal())
    const core = new KernelAttention(2, H)
    const run = (training: boolean) => tf.tidy(() => Array.from(core.forward(1, tf.tensor2d(qkv, [B * T, 3 * D]), B, T, null, training).dataSync()))
    const trained = run(true)
    expect(run(false)).toEqual(trained)
    expect(() => tf.tidy(() => core.backward(1, tf.zeros([B * T, D])))).toThrow(/without its forward/)
  })

  it('refuses a backward pass that has no forward', async () => {
    await useBackend('cpu')
    const core = new KernelAttention(2, 2)
    expect(() => tf.tidy(() => core.backward(1, tf.zeros([4, 8])))).toThrow(/backward of layer 1 without its forward/)
  })
})
