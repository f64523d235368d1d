/**
 * The matrix products of one training step, as the engine calls them, for the benchmark's
 * model configs: each linear layer's forward (x·W + b), its input gradient (dy·Wᵀ) and its
 * weight-and-bias gradient ([x | 1]ᵀ·dy), and the tied output head's three products.
 */
import type { ModelConfig } from '../shared'

export interface GemmShape {
  /** Where the product occurs, e.g. "M fc forward". */
  label: string
  m: number
  n: number
  k: number
  transA: boolean
  transB: boolean
  bias: boolean
}

/** One step's products of one gradient thread, which sees `tokens` = rows per thread · context. */
export function stepShapes(name: string, config: Pick<ModelConfig, 'width' | 'vocab'>, tokens: number): GemmShape[] {
  const d = config.width
  const N = tokens
  const linears: [string, number, number][] = [
    ['c_attn', d, 3 * d],
    ['c_proj', d, d],
    ['c_fc', d, 4 * d],
    ['mlp proj', 4 * d, d],
  ]
  const out: GemmShape[] = []
  for (const [layer, inW, outW] of linears) {
    out.push({ label: `${name} ${layer} forward`, m: N, n: outW, k: inW, transA: false, transB: false, bias: true })
    out.push({ label: `${name} ${layer} dx`, m: N, n: inW, k: outW, transA: false, transB: true, bias: false })
    out.push({ label: `${name} ${layer} dw`, m: inW + 1, n: outW, k: N, transA: true, transB: false, bias: false })
  }
  const V = config.vocab
  out.push({ label: `${name} logits`, m: N, n: V, k: d, transA: false, transB: true, bias: false })
  out.push({ label: `${name} head dx`, m: N, n: d, k: V, transA: false, transB: false, bias: false })
  out.push({ label: `${name} head dw`, m: V, n: d, k: N, transA: true, transB: false, bias: false })
  return out
}

export const flops = (s: GemmShape): number => 2 * s.m * s.n * s.k
