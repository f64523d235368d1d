/**
 * Matrix products the way each backend runs them fastest. On wasm only plain, non-transposed,
 * 2-D matmuls reach XNNPACK (~30 GFLOP/s here); transposed or batched ones fall to a scalar
 * loop (~2 GFLOP/s). So on wasm we transpose explicitly (memory-bound, cheap) and split
 * batched products into 2-D ones. Native backends take the flags directly.
 */
import { tf, type Tensor } from './tf'

let plainMatmulsOnly = false
let attentionKind: 'kernel' | 'ops' = 'ops'

/**
 * Sets the product strategy for a backend, and which attention core the model uses: the
 * WebAssembly kernel where tensors live in this process's memory (wasm, cpu), TF.js ops where
 * they live on a device. `attention` overrides the choice (tests run both).
 */
export function configureOps(backend: string, options: { attention?: 'kernel' | 'ops' } = {}): void {
  plainMatmulsOnly = backend === 'wasm'
  attentionKind = options.attention ?? (backend === 'wasm' || backend === 'cpu' ? 'kernel' : 'ops')
}

export const attentionImpl = (): 'kernel' | 'ops' => attentionKind

const t2 = (x: Tensor) => tf.transpose(x, [1, 0])
const t3 = (x: Tensor) => tf.transpose(x, [0, 2, 1])

/** a @ b */
export const mm = (a: Tensor, b: Tensor): Tensor => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D)

/** aᵀ @ b */
export const mmTN = (a: Tensor, b: Tensor): Tensor =>
  plainMatmulsOnly ? tf.matMul(t2(a) as tf.Tensor2D, b as tf.Tensor2D) : tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, true, false)

/** a @ bᵀ */
export const mmNT = (a: Tensor, b: Tensor): Tensor =>
  plainMatmulsOnly ? tf.matMul(a as tf.Tensor2D, t2(b) as tf.Tensor2D) : tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, false, true)

/** Batched a @ b for a [n, m, k], b [n, k, p]. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (!plainMatmulsOnly) return tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D)
  const [n, m, k] = a.shape as [number, number, number]
  const p = b.shape[2]!
  const as = tf.split(a, n, 0)
  const bs = tf.split(b, n, 0)
  const out = as.map((ai, i) => tf.matMul(tf.reshape(ai, [m, k]) as tf.Tensor2D, tf.reshape(bs[i]!, [k, p]) as tf.Tensor2D))
  return tf.reshape(tf.concat(out, 0), [n, m, p])
}

/** Batched a @ bᵀ for a [n, m, k], b [n, p, k]. */
export const bmmNT = (a: Tensor, b: Tensor): Tensor =>
  plainMatmulsOnly ? bmm(a, t3(b)) : tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, false, true)

/** Batched aᵀ @ b for a [n, k, m], b [n, k, p]. */
export const bmmTN = (a: Tensor, b: Tensor): Tensor =>
  plainMatmulsOnly ? bmm(t3(a), b) : tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, true, false)

/**
 * Sum over rows: [n, d] → [d]. On wasm a reduction over axis 0 transposes first (17 ms for
 * 2048×1024); a ones-vector product does the same in 0.3 ms.
 */
export const sumRows = (x: Tensor): Tensor =>
  plainMatmulsOnly ? tf.reshape(tf.matMul(tf.ones([1, x.shape[0]!]), x as tf.Tensor2D), [x.shape[1]!]) : tf.sum(x, 0)
