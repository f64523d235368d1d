/**
 * The model's parameters as one flat Float32Array with a fixed layout, named and shaped as in
 * Hugging Face's GPT2Model (Conv1D weights are [in, out]). The flat form is what the optimizer
 * updates, what data-parallel workers share and what a checkpoint stores.
 */
import { Rng, deriveSeed, type ModelConfig } from '../../../shared'

export interface ParamSpec {
  name: string
  shape: number[]
  offset: number
  size: number
  /** Weight decay applies to matrices (weights, embeddings), not to biases or LayerNorm gains. */
  decay: boolean
  init: { kind: 'normal'; std: number } | { kind: 'zeros' } | { kind: 'ones' }
}

export interface ParamLayout {
  specs: ParamSpec[]
  byName: Map<string, ParamSpec>
  total: number
}

export const INIT_STD = 0.02

export function paramLayout(c: ModelConfig): ParamLayout {
  const d = c.width
  const specs: ParamSpec[] = []
  let offset = 0
  const add = (name: string, shape: number[], init: ParamSpec['init']) => {
    const size = shape.reduce((a, b) => a * b, 1)
    specs.push({ name, shape, offset, size, decay: shape.length === 2, init })
    offset += size
  }
  const normal = (std = INIT_STD) => ({ kind: 'normal' as const, std })
  const zeros = { kind: 'zeros' as const }
  const ones = { kind: 'ones' as const }
  // GPT-2 scales the residual projections by 1/√(2·layers) so the residual stream's variance
  // does not grow with depth.
  const residualStd = INIT_STD / Math.sqrt(2 * c.layers)

  add('wte.weight', [c.vocab, d], normal())
  add('wpe.weight', [c.context, d], normal())
  for (let i = 0; i < c.layers; i++) {
    const h = `h.${i}`
    add(`${h}.ln_1.weight`, [d], ones)
    add(`${h}.ln_1.bias`, [d], zeros)
    add(`${h}.attn.c_attn.weight`, [d, 3 * d], normal())
    add(`${h}.attn.c_attn.bias`, [3 * d], zeros)
    add(`${h}.attn.c_proj.weight`, [d, d], normal(residualStd))
    add(`${h}.attn.c_proj.bias`, [d], zeros)
    add(`${h}.ln_2.weight`, [d], ones)
    add(`${h}.ln_2.bias`, [d], zeros)
    add(`${h}.mlp.c_fc.weight`, [d, 4 * d], normal())
    add(`${h}.mlp.c_fc.bias`, [4 * d], zeros)
    add(`${h}.mlp.c_proj.weight`, [4 * d, d], normal(residualStd))
    add(`${h}.mlp.c_proj.bias`, [d], zeros)
  }
  add('ln_f.weight', [d], ones)
  add('ln_f.bias', [d], zeros)
  return { specs, byName: new Map(specs.map((s) => [s.name, s])), total: offset }
}

/** Deterministic initialisation: each tensor draws from its own stream derived from the seed. */
export function initParams(layout: ParamLayout, seed: number): Float32Array {
  const flat = new Float32Array(layout.total)
  for (const spec of layout.specs) {
    const view = flat.subarray(spec.offset, spec.offset + spec.size)
    if (spec.init.kind === 'ones') view.fill(1)
    else if (spec.init.kind === 'normal') {
      const rng = new Rng(deriveSeed(seed, 'init', spec.name))
      for (let i = 0; i < view.length; i++) view[i] = rng.normal() * spec.init.std
    }
  }
  return flat
}

export function view(flat: Float32Array, spec: ParamSpec): Float32Array {
  return flat.subarray(spec.offset, spec.offset + spec.size)
}
