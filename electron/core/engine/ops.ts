/**
 * Matrix products the way each backend runs them fastest. On wasm only plain, non-transposed,
 * 2-D matmuls reach XNNPACK (~30 GFLOP/s here); transposed or batched ones fall to a scalar
 * loop (~2 GFLOP/s). So on wasm we transpose explicitly (memory-bound, cheap) and split
 * batched products into 2-D ones. Native backends take the flags directly, and so does wasm
 * when Continuum's GEMM runs there (kernels/gemm.ts: it packs either layout in one pass).
 *
 * An `Ops` is built once from the selected backend (makeOps) and handed to the model and the
 * decoder, so the choice is made once rather than read from module state on every product.
 */
import { useGemm } from './kernels/gemm'
import { tf, type Tensor } from './tf'

/**
 * Which implementation of the model's layers runs:
 *   - 'custom': Continuum's kernels where they exist for the backend: the WebAssembly attention
 *     kernel on wasm and cpu (tensors live in this process, so reading one out is a copy), and
 *     on wasm also the fused GELU and LayerNorm kernels and the relaxed-SIMD GEMM, which run
 *     on the backend's memory (the GEMM where the runtime has relaxed SIMD);
 *   - 'ops': TF.js ops only, as on native backends, where data stays on the device.
 */
export type KernelChoice = 'custom' | 'ops'

const t2 = (x: Tensor) => tf.transpose(x, [1, 0])
const t3 = (x: Tensor) => tf.transpose(x, [0, 2, 1])

export class Ops {
  /** The attention core (see attention.ts): the wasm kernel where tensors live in this process. */
  readonly attention: 'kernel' | 'ops'
  /** Whether the fused GELU and LayerNorm kernels of kernels/heap.as.ts run (wasm only). */
  readonly fusedElementwise: boolean
  /** Whether tensors live in this process's memory (wasm, cpu), so reading one out is a copy. */
  private readonly inProcessData: boolean
  /** Whether products must avoid transposes and batches: XNNPACK on wasm takes neither fast. */
  private readonly plainOnly: boolean

  /** `gemm`: whether wasm's products run on Continuum's GEMM (which takes transposes and batches). */
  constructor(
    readonly backend: string,
    readonly kernels: KernelChoice,
    gemm: boolean,
  ) {
    this.inProcessData = backend === 'wasm' || backend === 'cpu'
    this.attention = kernels === 'custom' && this.inProcessData ? 'kernel' : 'ops'
    this.fusedElementwise = kernels === 'custom' && backend === 'wasm'
    this.plainOnly = backend === 'wasm' && !gemm
  }

  /** a @ b */
  mm(a: Tensor, b: Tensor): Tensor {
    return tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D)
  }

  /**
   * aᵀ @ b for a [n, p], b [n, q]: the weight gradients, where n is the batch's token count.
   * XNNPACK repacks its right operand on every call (~10 ns per element, more than the product
   * costs per element here), so on wasm the smaller of the two is made the right operand:
   * (bᵀ·a)ᵀ when b is the wider one. Transposes are cheap (~1 ns per element).
   */
  mmTN(a: Tensor, b: Tensor): Tensor {
    if (!this.plainOnly) return tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, true, false)
    if (b.shape[1]! > a.shape[1]!) return t2(tf.matMul(t2(b) as tf.Tensor2D, a as tf.Tensor2D))
    return tf.matMul(t2(a) as tf.Tensor2D, b as tf.Tensor2D)
  }

  /** a @ bᵀ */
  mmNT(a: Tensor, b: Tensor): Tensor {
    return this.plainOnly ? tf.matMul(a as tf.Tensor2D, t2(b) as tf.Tensor2D) : tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, false, true)
  }

  /** Batched a @ b for a [n, m, k], b [n, k, p]. */
  bmm(a: Tensor, b: Tensor): Tensor {
    if (!this.plainOnly) return tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D)
    const [n, m, k] = a.shape as [number, number, number]
    const p = b.shape[2]!
    const as = tf.split(a, n, 0)
    const bs = tf.split(b, n, 0)
    const out = as.map((ai, i) => tf.matMul(tf.reshape(ai, [m, k]) as tf.Tensor2D, tf.reshape(bs[i]!, [k, p]) as tf.Tensor2D))
    return tf.reshape(tf.concat(out, 0), [n, m, p])
  }

  /** Batched a @ bᵀ for a [n, m, k], b [n, p, k]. */
  bmmNT(a: Tensor, b: Tensor): Tensor {
    return this.plainOnly ? this.bmm(a, t3(b)) : tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, false, true)
  }

  /** Batched aᵀ @ b for a [n, k, m], b [n, k, p]. */
  bmmTN(a: Tensor, b: Tensor): Tensor {
    return this.plainOnly ? this.bmm(t3(a), b) : tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, true, false)
  }

  /**
   * Column sums of a⊙b and of a, for [n, d] tensors: a LayerNorm's gain and bias gradients. On
   * wasm and cpu the tensors live in this process, so reading them out and summing in one loop
   * (~1 ns per element) beats a backend reduction over axis 0, which on wasm transposes first
   * or repacks the whole operand of a ones-vector product (~6 ns per element). Native backends
   * reduce on the device.
   */
  columnSums(a: Tensor, b: Tensor): { ab: Float32Array; a: Float32Array } {
    if (!this.inProcessData) return { ab: tf.sum(tf.mul(a, b), 0).dataSync() as Float32Array, a: tf.sum(a, 0).dataSync() as Float32Array }
    const [n, d] = a.shape as [number, number]
    const av = a.dataSync() as Float32Array
    const bv = b.dataSync() as Float32Array
    const ab = new Float64Array(d)
    const sa = new Float64Array(d)
    for (let r = 0; r < n; r++)
      for (let c = 0, i = r * d; c < d; c++, i++) {
        ab[c]! += av[i]! * bv[i]!
        sa[c]! += av[i]!
      }
    return { ab: Float32Array.from(ab), a: Float32Array.from(sa) }
  }
}

/**
 * The products and kernels for a backend, by default Continuum's kernels where the tensors
 * live in this process; `kernels` overrides (tests run both). The GEMM is a kernel registered
 * on TF.js's wasm backend, which is process-wide like the backend itself, so building an Ops
 * switches it for the process: build one after each selectBackend, and use that one.
 */
export function makeOps(backend: string, options: { kernels?: KernelChoice } = {}): Ops {
  const kernels = options.kernels ?? (backend === 'wasm' || backend === 'cpu' ? 'custom' : 'ops')
  return new Ops(backend, kernels, useGemm(kernels === 'custom' && backend === 'wasm'))
}
