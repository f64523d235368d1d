/**
 * Continuum's GEMM (gemm.as.ts, relaxed-SIMD fused multiply-add) as the wasm backend's
 * BatchMatMul and _FusedMatMul kernels, run in place on the backend's memory. XNNPACK, the
 * shipped kernel, stays the fallback: where the runtime has no relaxed SIMD, when the GEMM is
 * switched off (makeOps with kernels 'ops'), and for what the GEMM does not cover
 * (activations other than linear, a bias that is not one row of n values, broadcast batches
 * of different shapes, non-float32 operands).
 */
import * as tf from '@tensorflow/tfjs-core'
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import { offsetOf, perMemory } from './backend-memory'
import { gemmWasm } from './gemm-wasm'
import { hasRelaxedSimd } from './relaxed-simd'

interface GemmExports {
  scratchBytes(n: number): number
  gemm(a: number, b: number, c: number, bias: number, batches: number, aStride: number, bStride: number, m: number, n: number, k: number, transA: boolean, transB: boolean, scratch: number): void
}

const gemmFor = perMemory<GemmExports>(gemmWasm)

let enabled = false

/** Runs products on the GEMM when `on` and the runtime has relaxed SIMD; returns whether it now does. */
export function useGemm(on: boolean): boolean {
  enabled = on && hasRelaxedSimd()
  return enabled
}

/** Whether matrix products on wasm run on the GEMM (which takes transposes and batches directly). */
export const gemmActive = (): boolean => enabled

interface Product {
  a: tf.TensorInfo
  b: tf.TensorInfo
  bias: tf.TensorInfo | undefined
  transposeA: boolean
  transposeB: boolean
}

/** op(a)·op(b) (+ bias) on the GEMM, or null when the GEMM does not cover this product. */
function product(backend: BackendWasm, { a, b, bias, transposeA, transposeB }: Product): tf.TensorInfo | null {
  if (!enabled || a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null
  const outerA = a.shape.slice(0, -2)
  const outerB = b.shape.slice(0, -2)
  const batchA = tf.util.sizeFromShape(outerA)
  const batchB = tf.util.sizeFromShape(outerB)
  // Equal batch shapes, or one side a single matrix used for every batch of the other.
  const outer = tf.util.arraysEqual(outerA, outerB) ? outerA : batchA === 1 ? outerB : batchB === 1 ? outerA : null
  if (!outer) return null
  const [ra, ca] = a.shape.slice(-2) as [number, number]
  const [rb, cb] = b.shape.slice(-2) as [number, number]
  const [m, k] = transposeA ? [ca, ra] : [ra, ca]
  const [kb, n] = transposeB ? [cb, rb] : [rb, cb]
  if (k !== kb) throw new Error(`matMul: inner dimensions ${k} (a) and ${kb} (b) differ, shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`)
  if (bias && (bias.dtype !== 'float32' || tf.util.sizeFromShape(bias.shape) !== n || bias.shape[bias.shape.length - 1] !== n)) return null
  const out = backend.makeOutput([...outer, m, n], 'float32')
  if (m === 0 || n === 0) return out
  const g = gemmFor(backend)
  const scratch = backend.makeOutput([Math.ceil(g.scratchBytes(n) / 4)], 'float32')
  const at = (t: tf.TensorInfo) => offsetOf(backend, t)
  const batches = tf.util.sizeFromShape(outer)
  g.gemm(at(a), at(b), at(out), bias ? at(bias) : 0, batches, batchA === 1 ? 0 : m * k, batchB === 1 ? 0 : k * n, m, n, k, transposeA, transposeB, at(scratch))
  backend.disposeData(scratch.dataId)
  return out
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; attrs: tf.NamedAttrMap; backend: BackendWasm }

/** BatchMatMul and _FusedMatMul for the wasm backend, each falling back to the shipped kernel. */
export function gemmKernels(shipped: { batchMatMul: tf.KernelFunc; fusedMatMul: tf.KernelFunc }) {
  const batchMatMul = (args: KernelArgs): tf.TensorInfo => {
    const { inputs, attrs, backend } = args
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs
    const out = product(backend, { a: inputs.a!, b: inputs.b!, bias: undefined, transposeA, transposeB })
    return out ?? (shipped.batchMatMul(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo)
  }
  const fusedMatMul = (args: KernelArgs): tf.TensorInfo => {
    const { inputs, attrs, backend } = args
    const { transposeA, transposeB, activation } = attrs as unknown as tf._FusedMatMulAttrs
    const linear = (activation === 'linear' || activation == null) && !inputs.preluActivationWeights
    const out = linear ? product(backend, { a: inputs.a!, b: inputs.b!, bias: inputs.bias, transposeA, transposeB }) : null
    return out ?? (shipped.fusedMatMul(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo)
  }
  return { batchMatMul, fusedMatMul }
}
