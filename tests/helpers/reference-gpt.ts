/**
 * A deliberately naive GPT-2 forward pass in float64 with plain loops, written from the
 * paper/Hugging Face definitions rather than from the engine's code. Tests compare the engine
 * against it and take finite differences of it.
 */
import type { ModelConfig } from '../../shared'
import { paramLayout } from '../../electron/core/engine/params'

type Mat = Float64Array[]

export function referenceLoss(
  c: ModelConfig,
  flat: ArrayLike<number>,
  tokens: Int32Array,
  targets: Int32Array,
  weights: Float32Array,
  batch: number,
  time: number,
): { lossSum: number; logProbs: Float64Array[] } {
  const layout = paramLayout(c)
  const P = (name: string) => {
    const s = layout.byName.get(name)!
    return Float64Array.from({ length: s.size }, (_, i) => flat[s.offset + i]!)
  }
  const d = c.width
  const dh = d / c.heads
  const wte = P('wte.weight')
  const wpe = P('wpe.weight')
  const matmul = (x: Mat, w: Float64Array, inDim: number, outDim: number, bias: Float64Array): Mat =>
    x.map((row) => {
      const out = Float64Array.from(bias)
      for (let i = 0; i < inDim; i++) for (let j = 0; j < outDim; j++) out[j]! += row[i]! * w[i * outDim + j]!
      return out
    })
  const ln = (x: Mat, g: Float64Array, b: Float64Array): Mat =>
    x.map((row) => {
      const mu = row.reduce((a, v) => a + v, 0) / row.length
      const variance = row.reduce((a, v) => a + (v - mu) ** 2, 0) / row.length
      return row.map((v, j) => ((v - mu) / Math.sqrt(variance + 1e-5)) * g[j]! + b[j]!)
    })
  const gelu = (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))

  let lossSum = 0
  const logProbs: Float64Array[] = []
  for (let bi = 0; bi < batch; bi++) {
    let x: Mat = []
    for (let t = 0; t < time; t++) {
      const tok = tokens[bi * time + t]!
      x.push(Float64Array.from({ length: d }, (_, j) => wte[tok * d + j]! + wpe[t * d + j]!))
    }
    for (let l = 0; l < c.layers; l++) {
      const n = (k: string) => P(`h.${l}.${k}`)
      const qkv = matmul(ln(x, n('ln_1.weight'), n('ln_1.bias')), n('attn.c_attn.weight'), d, 3 * d, n('attn.c_attn.bias'))
      const y: Mat = x.map(() => new Float64Array(d))
      for (let h = 0; h < c.heads; h++) {
        for (let t = 0; t < time; t++) {
          const scores: number[] = []
          for (let s = 0; s <= t; s++) {
            let dot = 0
            for (let j = 0; j < dh; j++) dot += qkv[t]![h * dh + j]! * qkv[s]![d + h * dh + j]!
            scores.push(dot / Math.sqrt(dh))
          }
          const m = Math.max(...scores)
          const e = scores.map((v) => Math.exp(v - m))
          const z = e.reduce((a, v) => a + v, 0)
          for (let s = 0; s <= t; s++) for (let j = 0; j < dh; j++) y[t]![h * dh + j]! += (e[s]! / z) * qkv[s]![2 * d + h * dh + j]!
        }
      }
      const a = matmul(y, n('attn.c_proj.weight'), d, d, n('attn.c_proj.bias'))
      x = x.map((row, t) => row.map((v, j) => v + a[t]![j]!))
      const hdn = matmul(ln(x, n('ln_2.weight'), n('ln_2.bias')), n('mlp.c_fc.weight'), d, 4 * d, n('mlp.c_fc.bias')).map((r) => r.map(gelu))
      const m = matmul(hdn, n('mlp.c_proj.weight'), 4 * d, d, n('mlp.c_proj.bias'))
      x = x.map((row, t) => row.map((v, j) => v + m[t]![j]!))
    }
    const xf = ln(x, P('ln_f.weight'), P('ln_f.bias'))
    for (let t = 0; t < time; t++) {
      const logits = Float64Array.from({ length: c.vocab }, (_, v) => {
        let dot = 0
        for (let j = 0; j < d; j++) dot += xf[t]![j]! * wte[v * d + j]!
        return dot
      })
      const m = Math.max(...logits)
      const lse = m + Math.log(logits.reduce((acc, v) => acc + Math.exp(v - m), 0))
      const lp = logits.map((v) => v - lse)
      logProbs.push(lp)
      lossSum += -lp[targets[bi * time + t]!]! * weights[bi * time + t]!
    }
  }
  return { lossSum, logProbs }
}
