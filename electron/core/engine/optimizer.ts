/**
 * AdamW (Loshchilov & Hutter) with decoupled weight decay, and gradient clipping by global
 * norm, on the flat parameter array. Plain loops in float64 arithmetic: the update is a small
 * share of a step, and doing it here keeps it identical on every backend.
 */
import type { ParamLayout } from './params'

export interface AdamWConfig {
  beta1: number
  beta2: number
  eps: number
  weightDecay: number
}

export const DEFAULT_ADAMW: AdamWConfig = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 }

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

export function globalNorm(grads: Float32Array): number {
  let sum = 0
  for (let i = 0; i < grads.length; i++) sum += grads[i]! * grads[i]!
  return Math.sqrt(sum)
}

/** Scales the gradients in place so their global norm is at most `maxNorm`; returns the norm before. */
export function clipGlobalNorm(grads: Float32Array, maxNorm: number): number {
  const norm = globalNorm(grads)
  if (maxNorm > 0 && norm > maxNorm) {
    const scale = maxNorm / (norm + 1e-6)
    for (let i = 0; i < grads.length; i++) grads[i]! *= scale
  }
  return norm
}

export function adamwStep(params: Float32Array, grads: Float32Array, state: AdamWState, mask: Uint8Array, lr: number, c: AdamWConfig): void {
  state.step += 1
  const { m, v } = state
  const bc1 = 1 - c.beta1 ** state.step
  const bc2 = 1 - c.beta2 ** state.step
  const decay = lr * c.weightDecay
  for (let i = 0; i < params.length; i++) {
    const g = grads[i]!
    const mi = c.beta1 * m[i]! + (1 - c.beta1) * g
    const vi = c.beta2 * v[i]! + (1 - c.beta2) * g * g
    m[i] = mi
    v[i] = vi
    let p = params[i]!
    if (mask[i]) p -= decay * p
    params[i] = p - (lr * (mi / bc1)) / (Math.sqrt(vi / bc2) + c.eps)
  }
}
