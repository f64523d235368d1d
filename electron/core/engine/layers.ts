/**
 * The model's layers, each a forward function that returns what its backward needs, and a
 * backward function that turns the output gradient into input and parameter gradients.
 * Written by hand (no autodiff) so every product is one the backend runs fast, and checked
 * against finite differences in tests/unit/engine-gradients.test.ts.
 */
import type { Ops } from './ops'
import { tf, type Tensor } from './tf'
import { FUSED } from './wasm-kernels'

/** Whether the fused wasm kernel can take a tensor: on wasm, last axis a multiple of 4. */
const fusable = (ops: Ops, x: Tensor) => ops.fusedElementwise && x.shape[x.shape.length - 1]! % 4 === 0
const run = (name: string, inputs: Record<string, Tensor>, attrs: Record<string, number> = {}) =>
  tf.engine().runKernel(name, inputs, attrs) as unknown as Tensor[]

export const LN_EPS = 1e-5

// ---- LayerNorm over the last axis ---------------------------------------------------------
export interface LnCache {
  xhat: Tensor
  rstd: Tensor
  g: Tensor
}

export function layerNorm(ops: Ops, x: Tensor, g: Tensor, b: Tensor): { y: Tensor; cache: LnCache } {
  if (fusable(ops, x)) {
    const [y, xhat, rstd] = run(FUSED.layerNorm, { x, g, b }, { eps: LN_EPS }) as [Tensor, Tensor, Tensor]
    return { y, cache: { xhat, rstd, g } }
  }
  const mu = tf.mean(x, -1, true)
  const xc = tf.sub(x, mu)
  const variance = tf.mean(tf.square(xc), -1, true)
  const rstd = tf.rsqrt(tf.add(variance, LN_EPS))
  const xhat = tf.mul(xc, rstd)
  return { y: tf.add(tf.mul(xhat, g), b), cache: { xhat, rstd, g } }
}

export function layerNormBackward(ops: Ops, dy: Tensor, { xhat, rstd, g }: LnCache): { dx: Tensor; dg: Float32Array; db: Float32Array } {
  if (fusable(ops, dy)) {
    const [dx, dgb] = run(FUSED.layerNormGrad, { dy, xhat, rstd, g }) as [Tensor, Tensor]
    const both = dgb.dataSync() as Float32Array
    const d = dy.shape[1]!
    return { dx, dg: both.subarray(0, d), db: both.subarray(d) }
  }
  const { ab: dg, a: db } = ops.columnSums(dy, xhat)
  const dxhat = tf.mul(dy, g)
  // dx = rstd · (dxhat − mean(dxhat) − xhat · mean(dxhat · xhat))
  const dx = tf.mul(rstd, tf.sub(tf.sub(dxhat, tf.mean(dxhat, -1, true)), tf.mul(xhat, tf.mean(tf.mul(dxhat, xhat), -1, true))))
  return { dx, dg, db }
}

// ---- Linear (Conv1D layout: weight [in, out]) ---------------------------------------------
/** x·w + b, the bias added inside the product (XNNPACK's fused output on wasm). */
export function linear(x: Tensor, w: Tensor, b: Tensor): Tensor {
  return tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b })
}

/**
 * dx, and the weight and bias gradients together as [in + 1, out] = [x | 1]ᵀ·dy: one product
 * instead of a product and a row sum (a row sum is a ones-vector product on wasm, and XNNPACK
 * repacks its whole [N, out] operand for a single output row).
 */
export function linearBackward(ops: Ops, dy: Tensor, x: Tensor, w: Tensor) {
  const x1 = tf.concat([x, tf.ones([x.shape[0]!, 1])], 1)
  return { dx: ops.mmNT(dy, w), dwb: ops.mmTN(x1, dy) }
}

// ---- GELU, tanh approximation (GPT-2's "gelu_new") ----------------------------------------
// 0.5·x·(1 + tanh(u)) equals x·σ(2u), u = √(2/π)(x + 0.044715x³); the sigmoid form is both
// exact and cheaper here than tanh.
const GELU_C = Math.sqrt(2 / Math.PI)

export function gelu(ops: Ops, x: Tensor): { y: Tensor; s: Tensor } {
  if (fusable(ops, x)) {
    const [y, s] = run(FUSED.gelu, { x }) as [Tensor, Tensor]
    return { y, s }
  }
  const u2 = tf.mul(tf.add(x, tf.mul(tf.mul(tf.square(x), x), 0.044715)), 2 * GELU_C)
  const s = tf.sigmoid(u2)
  return { y: tf.mul(x, s), s }
}

export function geluBackward(ops: Ops, dy: Tensor, x: Tensor, s: Tensor): Tensor {
  if (fusable(ops, x)) return run(FUSED.geluGrad, { dy, x, s })[0]!
  // d/dx x·σ(2u) = s + 2x·s(1−s)·√(2/π)(1 + 3·0.044715x²)
  const du = tf.mul(tf.add(tf.mul(tf.square(x), 3 * 0.044715), 1), 2 * GELU_C)
  const ds = tf.mul(tf.mul(s, tf.sub(1, s)), tf.mul(x, du))
  return tf.mul(dy, tf.add(s, ds))
}

// ---- Causal multi-head self-attention core ------------------------------------------------
// q, k, v arrive as [B·H, T, dh]; the mask is added to the scaled scores before the softmax.
export interface AttnCache {
  q: Tensor
  k: Tensor
  v: Tensor
  /** Attention probabilities, and the same after dropout (equal when there is none). */
  p: Tensor
  pd: Tensor
  dropMask: Tensor | null
  scale: number
}

export function causalMask(t: number): Tensor {
  return tf.tidy(() => {
    const row = tf.reshape(tf.range(0, t, 1, 'int32'), [t, 1])
    const col = tf.reshape(tf.range(0, t, 1, 'int32'), [1, t])
    return tf.mul(tf.cast(tf.greater(col, row), 'float32'), -1e9)
  })
}

export function attention(ops: Ops, q: Tensor, k: Tensor, v: Tensor, mask: Tensor, dropMask: Tensor | null = null): { y: Tensor; cache: AttnCache } {
  const scale = 1 / Math.sqrt(q.shape[2]!)
  const scores = tf.add(tf.mul(ops.bmmNT(q, k), scale), mask)
  const p = tf.softmax(scores)
  const pd = dropMask ? tf.mul(p, dropMask) : p
  return { y: ops.bmm(pd, v), cache: { q, k, v, p, pd, dropMask, scale } }
}

export function attentionBackward(ops: Ops, dy: Tensor, { q, k, v, p, pd, dropMask, scale }: AttnCache) {
  const dv = ops.bmmTN(pd, dy)
  const dpd = ops.bmmNT(dy, v)
  const dp = dropMask ? tf.mul(dpd, dropMask) : dpd
  // softmax backward: ds = p ⊙ (dp − Σ_j dp·p); masked entries have p = 0 and get no gradient.
  const ds = tf.mul(tf.mul(p, tf.sub(dp, tf.sum(tf.mul(dp, p), -1, true))), scale)
  return { dq: ops.bmm(ds, k), dk: ops.bmmTN(ds, q), dv }
}

// ---- Heads: [N, d] ↔ [B·H, T, dh] ------------------------------------------------------------
export function splitHeads(x: Tensor, batch: number, t: number, heads: number): Tensor {
  const dh = x.shape[1]! / heads
  return tf.reshape(tf.transpose(tf.reshape(x, [batch, t, heads, dh]), [0, 2, 1, 3]), [batch * heads, t, dh])
}

export function mergeHeads(x: Tensor, batch: number, t: number, heads: number): Tensor {
  const dh = x.shape[2]!
  return tf.reshape(tf.transpose(tf.reshape(x, [batch, heads, t, dh]), [0, 2, 1, 3]), [batch * t, heads * dh])
}

// ---- Dropout (inverted) ----------------------------------------------------------------------
/** Mask already scaled by 1/(1−p); null when p is 0. Seeded so a resumed run draws the same masks. */
export function dropoutMask(shape: number[], p: number, seed: number): Tensor | null {
  if (p <= 0) return null
  return tf.div(tf.cast(tf.greaterEqual(tf.randomUniform(shape, 0, 1, 'float32', seed), p), 'float32'), 1 - p)
}

export const applyMask = (x: Tensor, mask: Tensor | null): Tensor => (mask ? tf.mul(x, mask) : x)

// ---- Softmax cross-entropy with per-position weights ------------------------------------------
/**
 * Sum over positions of w·(−log p(target)), and its gradient with respect to the logits.
 * Returning the sum (not the mean) lets data-parallel shards add up before dividing by the
 * total weight.
 */
export function crossEntropySum(logits: Tensor, targets: Tensor, weights: Tensor) {
  const logp = tf.logSoftmax(logits)
  const vocab = logits.shape[1]!
  const onehot = tf.oneHot(targets as tf.Tensor1D, vocab)
  const nll = tf.neg(tf.sum(tf.mul(logp, onehot), -1))
  const lossSum = tf.sum(tf.mul(nll, weights))
  const dlogits = tf.mul(tf.sub(tf.exp(logp), onehot), tf.reshape(weights, [-1, 1]))
  return { lossSum, nll, dlogits }
}
