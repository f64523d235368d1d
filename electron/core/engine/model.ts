/**
 * The GPT: forward pass, hand-written backward pass, and inference logits. Pure functions of
 * the parameters and the batch; all tensors are released before returning.
 *
 * Layout of a step: tokens [B·T] → embeddings [N, d] → L pre-LayerNorm blocks → final
 * LayerNorm → logits through the tied embedding [N, V] → weighted cross-entropy.
 */
import { deriveSeed, type ModelConfig } from '../../../shared'
import { KernelAttention, OpsAttention, type AttentionCore } from './attention'
import {
  applyMask,
  crossEntropySum,
  dropoutMask,
  gelu,
  geluBackward,
  layerNorm,
  layerNormBackward,
  linear,
  linearBackward,
  type LnCache,
} from './layers'
import type { Ops } from './ops'
import { paramLayout, type ParamLayout } from './params'
import { tf, type Tensor } from './tf'

/** B sequences of T tokens; `weights` is 1 where a target counts in the loss, 0 where masked. */
export interface Batch {
  batch: number
  time: number
  tokens: Int32Array
  targets: Int32Array
  weights: Float32Array
  /** The first this many rows are replayed pre-training data (the rest are task rows); 0 when absent. */
  replayRows?: number
}

export interface StepResult {
  /** Σ weight·nll over the batch. */
  lossSum: number
  /** Σ weight: the number of predicted tokens that count. */
  weightSum: number
  /** The same sums over the replayed rows alone (`replayRows`), so task and replay losses can be told apart. */
  replayLossSum: number
  replayWeightSum: number
  /** Σ over the batch of the gradient of the weighted nll (not yet divided by weightSum). */
  grads: Float32Array
}

/** A dropout mask for a site of the network (null without dropout). */
type Drop = (shape: number[], ...site: (string | number)[]) => Tensor | null

/** What a block's backward pass reads of its forward pass. */
interface BlockCache {
  ln1: LnCache
  ln1y: Tensor
  yh: Tensor
  aMask: Tensor | null
  ln2: LnCache
  ln2y: Tensor
  h: Tensor
  s: Tensor
  gy: Tensor
  mMask: Tensor | null
}

/** One forward pass: inference draws no masks and keeps no attention state for a backward. */
interface Pass {
  batch: number
  time: number
  training: boolean
  drop: Drop
}

const noDropout: Drop = () => null

export class Gpt {
  readonly layout: ParamLayout
  private core: AttentionCore | undefined

  constructor(
    readonly config: ModelConfig,
    readonly ops: Ops,
  ) {
    this.layout = paramLayout(config)
  }

  /** The attention core the Ops chose for its backend (see attention.ts), made on first use. */
  private attention(): AttentionCore {
    this.core ??= this.ops.attention === 'kernel' ? new KernelAttention(this.config.layers, this.config.heads) : new OpsAttention(this.ops, this.config.heads)
    return this.core
  }

  private tensors(flat: Float32Array): Map<string, Tensor> {
    const out = new Map<string, Tensor>()
    for (const spec of this.layout.specs)
      out.set(spec.name, tf.tensor(flat.subarray(spec.offset, spec.offset + spec.size), spec.shape, 'float32'))
    return out
  }

  /** Block i of the network on x [B·T, d]: pre-LayerNorm attention, then pre-LayerNorm MLP, each added to the residual. */
  private block(P: Map<string, Tensor>, i: number, x: Tensor, pass: Pass): { x: Tensor; cache: BlockCache } {
    const { ops, config: c } = this
    const n = (k: string) => P.get(`h.${i}.${k}`)!
    const N = pass.batch * pass.time
    const ln1 = layerNorm(ops, x, n('ln_1.weight'), n('ln_1.bias'))
    const qkv = linear(ln1.y, n('attn.c_attn.weight'), n('attn.c_attn.bias'))
    const yh = this.attention().forward(i, qkv, pass.batch, pass.time, pass.drop([pass.batch * c.heads, pass.time, pass.time], i, 'attn'), pass.training)
    const aMask = pass.drop([N, c.width], i, 'resid-attn')
    x = tf.add(x, applyMask(linear(yh, n('attn.c_proj.weight'), n('attn.c_proj.bias')), aMask))
    const ln2 = layerNorm(ops, x, n('ln_2.weight'), n('ln_2.bias'))
    const h = linear(ln2.y, n('mlp.c_fc.weight'), n('mlp.c_fc.bias'))
    const g = gelu(ops, h)
    const mMask = pass.drop([N, c.width], i, 'resid-mlp')
    x = tf.add(x, applyMask(linear(g.y, n('mlp.c_proj.weight'), n('mlp.c_proj.bias')), mMask))
    return { x, cache: { ln1: ln1.cache, ln1y: ln1.y, yh, aMask, ln2: ln2.cache, ln2y: ln2.y, h, s: g.s, gy: g.y, mMask } }
  }

  /** Embeddings, every block, the final LayerNorm and the logits [B·T, V] through the tied embedding. */
  private forward(P: Map<string, Tensor>, flat: Float32Array, tokens: Int32Array, pass: Pass) {
    const N = pass.batch * pass.time
    const emb = tf.tensor2d(this.embed(flat, tokens, pass.batch, pass.time), [N, this.config.width])
    const embMask = pass.drop([N, this.config.width], 'emb')
    let x = applyMask(emb, embMask)
    const caches: BlockCache[] = []
    for (let i = 0; i < this.config.layers; i++) {
      const out = this.block(P, i, x, pass)
      x = out.x
      caches.push(out.cache)
    }
    const lnf = layerNorm(this.ops, x, P.get('ln_f.weight')!, P.get('ln_f.bias')!)
    return { logits: this.ops.mmNT(lnf.y, P.get('wte.weight')!), lnf, caches, embMask }
  }

  /**
   * Token plus position embeddings [B·T, d], read straight from the flat parameters: a row
   * copy per token is far cheaper here than a gather op on the backend.
   */
  private embed(flat: Float32Array, tokens: Int32Array, batch: number, time: number): Float32Array {
    const d = this.config.width
    const wte = this.layout.byName.get('wte.weight')!.offset
    const wpe = this.layout.byName.get('wpe.weight')!.offset
    const out = new Float32Array(batch * time * d)
    for (let n = 0; n < batch * time; n++) {
      if (!(tokens[n]! >= 0 && tokens[n]! < this.config.vocab)) throw new Error(`token ${tokens[n]} at position ${n} is outside the vocabulary (${this.config.vocab})`)
      const tok = wte + tokens[n]! * d
      const pos = wpe + (n % time) * d
      for (let c = 0; c < d; c++) out[n * d + c] = flat[tok + c]! + flat[pos + c]!
    }
    return out
  }

  /** Adds the embedding gradient demb [B·T, d] into the token and position rows of `grads`. */
  private embedBackward(grads: Float32Array, demb: Float32Array, tokens: Int32Array, time: number): void {
    const d = this.config.width
    const wte = this.layout.byName.get('wte.weight')!.offset
    const wpe = this.layout.byName.get('wpe.weight')!.offset
    for (let n = 0; n < tokens.length; n++) {
      const tok = wte + tokens[n]! * d
      const pos = wpe + (n % time) * d
      for (let c = 0; c < d; c++) {
        const g = demb[n * d + c]!
        grads[tok + c]! += g
        grads[pos + c]! += g
      }
    }
  }

  /**
   * Loss and gradients for one batch. `dropoutSeed` makes dropout masks reproducible; the
   * gradients are written to `out` when given (overwriting it), else to a new array.
   */
  lossAndGrads(flat: Float32Array, b: Batch, dropoutSeed = 0, out?: Float32Array): StepResult {
    const grads = out ?? new Float32Array(this.layout.total)
    grads.fill(0)
    const { lossSum, weightSum, replayLossSum, replayWeightSum } = tf.tidy(() => {
      const P = this.tensors(flat)
      const p = (name: string) => P.get(name)!
      const { config: c, ops } = this
      const attn = this.attention()
      const drop: Drop = (shape, ...site) => dropoutMask(shape, c.dropout, deriveSeed(dropoutSeed, ...site))
      const { logits, lnf, caches, embMask } = this.forward(P, flat, b.tokens, { batch: b.batch, time: b.time, training: true, drop })
      const weights = tf.tensor1d(b.weights, 'float32')
      const ce = crossEntropySum(logits, tf.tensor1d(b.targets, 'int32'), weights)

      // ---- backward ----
      const put = (name: string, g: Tensor | Float32Array) => {
        const spec = this.layout.byName.get(name)!
        grads.set(g instanceof Float32Array ? g : (g.dataSync() as Float32Array), spec.offset)
      }
      // A linear layer's bias sits right after its weight in the flat layout, so [dw; db]
      // lands in one copy.
      const putLinear = (prefix: string, dwb: Tensor) => {
        const w = this.layout.byName.get(`${prefix}.weight`)!
        if (this.layout.byName.get(`${prefix}.bias`)!.offset !== w.offset + w.size) throw new Error(`${prefix}: bias does not follow weight`)
        grads.set(dwb.dataSync() as Float32Array, w.offset)
      }
      const dlnf = ops.mm(ce.dlogits, p('wte.weight'))
      const dwte = ops.mmTN(ce.dlogits, lnf.y)
      const f = layerNormBackward(ops, dlnf, lnf.cache)
      put('ln_f.weight', f.dg)
      put('ln_f.bias', f.db)
      let dx = f.dx
      for (let i = c.layers - 1; i >= 0; i--) {
        const n = (k: string) => p(`h.${i}.${k}`)
        const put_ = (k: string, g: Tensor | Float32Array) => put(`h.${i}.${k}`, g)
        const cc = caches[i]!
        const mp = linearBackward(ops, applyMask(dx, cc.mMask), cc.gy, n('mlp.c_proj.weight'))
        putLinear(`h.${i}.mlp.c_proj`, mp.dwb)
        const fc = linearBackward(ops, geluBackward(ops, mp.dx, cc.h, cc.s), cc.ln2y, n('mlp.c_fc.weight'))
        putLinear(`h.${i}.mlp.c_fc`, fc.dwb)
        const l2 = layerNormBackward(ops, fc.dx, cc.ln2)
        put_('ln_2.weight', l2.dg)
        put_('ln_2.bias', l2.db)
        dx = tf.add(dx, l2.dx)
        const ap = linearBackward(ops, applyMask(dx, cc.aMask), cc.yh, n('attn.c_proj.weight'))
        putLinear(`h.${i}.attn.c_proj`, ap.dwb)
        const dqkv = attn.backward(i, ap.dx)
        const qk = linearBackward(ops, dqkv, cc.ln1y, n('attn.c_attn.weight'))
        putLinear(`h.${i}.attn.c_attn`, qk.dwb)
        const l1 = layerNormBackward(ops, qk.dx, cc.ln1)
        put_('ln_1.weight', l1.dg)
        put_('ln_1.bias', l1.db)
        dx = tf.add(dx, l1.dx)
      }
      put('wte.weight', dwte)
      this.embedBackward(grads, applyMask(dx, embMask).dataSync() as Float32Array, b.tokens, b.time)
      const R = Math.min(b.replayRows ?? 0, b.batch) * b.time
      const replayLossSum = R > 0 ? tf.sum(tf.slice(tf.mul(ce.nll, weights), [0], [R])).dataSync()[0]! : 0
      let replayWeightSum = 0
      for (let i = 0; i < R; i++) replayWeightSum += b.weights[i]!
      return { lossSum: ce.lossSum.dataSync()[0]!, weightSum: b.weights.reduce((a, w) => a + w, 0), replayLossSum, replayWeightSum }
    })
    return { lossSum, weightSum, replayLossSum, replayWeightSum, grads }
  }

  /**
   * Log-probabilities of the next token at every position of each row: [B, T, V] as a flat
   * Float32Array (row-major). Inference only: no dropout, no gradients.
   */
  logProbs(flat: Float32Array, tokens: Int32Array, batch: number, time: number): Float32Array {
    // The tensor leaves tidy and is read outside it: tidy walks whatever its callback returns
    // looking for tensors, and walking a large Float32Array element by element cost 10× the
    // forward pass.
    const out = tf.tidy(() => {
      const P = this.tensors(flat)
      return tf.logSoftmax(this.forward(P, flat, tokens, { batch, time, training: false, drop: noDropout }).logits)
    })
    const data = out.dataSync() as Float32Array
    out.dispose()
    return data
  }

  dispose(): void {
    this.core?.dispose()
    this.core = undefined
  }
}
