import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { gemmActive, useGemm } from '../../electron/core/engine/kernels/gemm'
import { hasRelaxedSimd, RELAXED_SIMD_EXEC_ARGV } from '../../electron/core/engine/kernels/relaxed-simd'
import { tf } from '../../electron/core/engine/tf'
import { Rng } from '../../shared'
import { useBackend } from '../helpers/engine'
import type { GemmShape } from '../../bench/gemm-shapes'

/** A product of the benchmark's shapes, batched. */
type Case = Omit<GemmShape, 'label'> & { batch: number }

/** op(a)·op(b) (+ bias) in float64, and Σ|a||b| per entry, the scale float32 rounding is measured against. */
function reference(c: Case, a: Float32Array, b: Float32Array, bias: Float32Array | null) {
  const { batch, m, n, k, transA, transB } = c
  const out = new Float64Array(batch * m * n)
  const scale = new Float64Array(batch * m * n)
  for (let t = 0; t < batch; t++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = bias ? bias[j]! : 0
        let q = bias ? Math.abs(bias[j]!) : 0
        for (let p = 0; p < k; p++) {
          const av = a[t * m * k + (transA ? p * m + i : i * k + p)]!
          const bv = b[t * k * n + (transB ? j * k + p : p * n + j)]!
          s += av * bv
          q += Math.abs(av * bv)
        }
        out[(t * m + i) * n + j] = s
        scale[(t * m + i) * n + j] = q
      }
  return { out, scale }
}

function run(c: Case, seed: number) {
  const rng = new Rng(seed)
  const a = Float32Array.from({ length: c.batch * c.m * c.k }, () => rng.normal())
  const b = Float32Array.from({ length: c.batch * c.k * c.n }, () => rng.normal())
  const bias = c.bias ? Float32Array.from({ length: c.n }, () => rng.normal()) : null
  const got = tf.tidy(() => {
    const shapeA = c.transA ? [c.batch, c.k, c.m] : [c.batch, c.m, c.k]
    const shapeB = c.transB ? [c.batch, c.n, c.k] : [c.batch, c.k, c.n]
    const at = tf.tensor3d(a, shapeA as [number, number, number])
    const bt = tf.tensor3d(b, shapeB as [number, number, number])
    const y = bias
      ? tf.fused.matMul({ a: at, b: bt, transposeA: c.transA, transposeB: c.transB, bias: tf.tensor1d(bias) })
      : tf.matMul(at, bt, c.transA, c.transB)
    return y.dataSync() as Float32Array
  })
  return { got, ...reference(c, a, b, bias) }
}

// Edges not multiples of the 4×8 tile, a k past one 256-row block, an m past one 96-row block.
const CASES: Case[] = [
  { batch: 1, m: 1, n: 1, k: 1, transA: false, transB: false, bias: false },
  { batch: 1, m: 7, n: 13, k: 5, transA: false, transB: false, bias: true },
  { batch: 1, m: 37, n: 29, k: 259, transA: true, transB: false, bias: false },
  { batch: 1, m: 101, n: 9, k: 33, transA: false, transB: true, bias: true },
  { batch: 1, m: 97, n: 17, k: 300, transA: true, transB: true, bias: false },
  { batch: 3, m: 5, n: 6, k: 11, transA: false, transB: true, bias: false },
  { batch: 2, m: 12, n: 16, k: 8, transA: true, transB: false, bias: true },
]

describe('the relaxed-SIMD GEMM on wasm', () => {
  it('runs here: the test processes have relaxed SIMD', async () => {
    await useBackend('wasm')
    expect(hasRelaxedSimd()).toBe(true)
    expect(gemmActive()).toBe(true)
  })

  it('runs in the processes the engine starts: RELAXED_SIMD_EXEC_ARGV turns it on in a child Node', () => {
    const module = join(__dirname, '../../electron/core/engine/kernels/relaxed-simd.ts')
    const script = `process.stdout.write(String(require(${JSON.stringify(module)}).hasRelaxedSimd()))`
    const out = execFileSync(process.execPath, [...RELAXED_SIMD_EXEC_ARGV, '--import', 'tsx', '-e', script], { encoding: 'utf8' })
    expect(out).toBe('true')
  })

  for (const c of CASES) {
    const name = `[${c.batch}] ${c.m}×${c.k} · ${c.k}×${c.n}${c.transA ? ', a transposed' : ''}${c.transB ? ', b transposed' : ''}${c.bias ? ', with bias' : ''}`
    it(`${name} matches a float64 reference`, async () => {
      await useBackend('wasm')
      const { got, out, scale } = run(c, c.m * 1000 + c.n * 10 + c.k)
      expect(got.length).toBe(out.length)
      // Float32 rounding of a k-term sum stays within a few units of 2⁻²⁴ of Σ|a||b|.
      const worst = Math.max(...Array.from(got, (v, i) => Math.abs(v - out[i]!) / Math.max(scale[i]!, 1e-30)))
      expect(worst).toBeLessThan(2e-6)
    })
  }

  it('gives the same bits on every call and agrees with XNNPACK', async () => {
    await useBackend('wasm')
    const c = CASES[4]!
    const first = run(c, 5).got
    expect(run(c, 5).got).toEqual(first)
    useGemm(false)
    try {
      const xnn = run(c, 5)
      const worst = Math.max(...Array.from(first, (v, i) => Math.abs(v - xnn.got[i]!) / xnn.scale[i]!))
      expect(worst).toBeLessThan(2e-6)
    } finally {
      useGemm(true)
    }
  })
})
