/**
 * AdamW (Loshchilov & Hutter) with decoupled weight decay, and gradient clipping by global
 * norm, on the flat parameter array. Plain loops in float64 arithmetic: the update is a small
 * share of a step, and doing it here keeps it identical on every backend.
 */
import type { AdamWSettings } from '../../../shared/schemas/optimizer'
import type { Range } from './parallel/gradient-ranges'
import type { ParamLayout } from './params'

export { DEFAULT_ADAMW } from '../../../shared/schemas/optimizer'
export type AdamWConfig = AdamWSettings

export interface AdamWState {
  m: Float32Array
  v: Float32Array
  /** Updates applied so far (bias correction uses it). */
  step: number
}

export const newAdamWState = (size: number): AdamWState => ({ m: new Float32Array(size), v: new Float32Array(size), step: 0 })

/** 1 where weight decay applies (matrices and embeddings), 0 for biases and LayerNorm gains. */
export function decayMask(layout: ParamLayout): Uint8Array {
  const mask = new Uint8Array(layout.total)
  for (const spec of layout.specs) if (spec.decay) mask.fill(1, spec.offset, spec.offset + spec.size)
  return mask
}

/**
 * The factor that brings the global norm down to `maxNorm` (1 when it is already below, or
 * when clipping is off); AdamW applies it as it reads each gradient.
 */
export const clipScale = (norm: number, maxNorm: number): number => (maxNorm > 0 && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1)

/** One AdamW update of `params` in place, from `grads` × `gradScale`. */
export function adamwStep(params: Float32Array, grads: Float32Array, state: AdamWState, mask: Uint8Array, lr: number, c: AdamWConfig, gradScale = 1): void {
  state.step += 1
  adamwRange(params, grads, state, mask, lr, c, gradScale, { start: 0, end: params.length })
}

/**
 * The update of elements [start, end) only, at update number `state.step` (already counted):
 * each element's update reads nothing but its own values, so gradient threads can each update a
 * range and the result is the whole array's update bit for bit.
 */
export function adamwRange(params: Float32Array, grads: Float32Array, state: AdamWState, mask: Uint8Array, lr: number, c: AdamWConfig, gradScale: number, range: Range): void {
  const { m, v } = state
  const { beta1, beta2, eps } = c
  const stepSize = lr / (1 - beta1 ** state.step)
  // √(v / bc2) = √v · rsqrtBc2, so the loop has one square root and one division.
  const rsqrtBc2 = 1 / Math.sqrt(1 - beta2 ** state.step)
  const keep = 1 - lr * c.weightDecay
  for (let i = range.start; i < range.end; i++) {
    const g = grads[i]! * gradScale
    const mi = beta1 * m[i]! + (1 - beta1) * g
    const vi = beta2 * v[i]! + (1 - beta2) * g * g
    m[i] = mi
    v[i] = vi
    const p = mask[i] ? params[i]! * keep : params[i]!
    params[i] = p - (stepSize * mi) / (Math.sqrt(vi) * rsqrtBc2 + eps)
  }
}
