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
import { attentionImpl, mm, mmNT, mmTN } from './ops'
import { paramLayout, type ParamLayout } from './params'
import { tf, type Tensor } from './tf'

/** B sequences of T tokens; `weights` is 1 where a target counts in the loss, 0 where masked. */
export interface Batch {
  batch: number
  time: number
  tokens: Int32Array
  targets: Int32Array
  weights: Float32Array
}

export interface StepResult {
  /** Σ weight·nll over the batch. */
  lossSum: number
  /** Σ weight: the number of predicted tokens that count. */
  weightSum: number
  /** Σ over the batch of the gradient of the weighted nll (not yet divided by weightSum). */
  grads: Float32Array
}

export class Gpt {
  readonly layout: ParamLayout
  private readonly cores = new Map<string, AttentionCore>()

  constructor(readonly config: ModelConfig) {
    this.layout = paramLayout(config)
  }

  /** The attention core configureOps chose for the current backend (see attention.ts). */
  private attention(): AttentionCore {
    const kind = attentionImpl()
    let core = this.cores.get(kind)
    if (!core) {
      core = kind === 'kernel' ? new KernelAttention(this.config.layers, this.config.heads) : new OpsAttention(this.config.heads)
      this.cores.set(kind, core)
    }
    return core
  }

  private tensors(flat: Float32Array): Map<string, Tensor> {
    const out = new Map<string, Tensor>()
    for (const spec of this.layout.specs)
      out.set(spec.name, tf.tensor(flat.subarray(spec.offset, spec.offset + spec.size), spec.shape, 'float32'))
    return out
  }

  /** Loss and gradients for one batch. `dropoutSeed` makes dropout masks reproducible. */
  lossAndGrads(flat: Float32Array, b: Batch, dropoutSeed = 0): StepResult {
    const grads = new Float32Array(this.layout.total)
    const { lossSum, weightSum } = tf.tidy(() => {
      const P = this.tensors(flat)
      const p = (name: string) => P.get(name)!
      const { config: c } = this
      const H = c.heads
      const attn = this.attention()
      const N = b.batch * b.time
      const drop = (shape: number[], ...site: (string | number)[]) =>
        dropoutMask(shape, c.dropout, deriveSeed(dropoutSeed, ...site))

      // ---- forward ----
      const tokens = tf.tensor1d(b.tokens, 'int32')
      const wpeT = tf.slice(p('wpe.weight'), [0, 0], [b.time, c.width])
      const emb = tf.reshape(tf.add(tf.reshape(tf.gather(p('wte.weight'), tokens), [b.batch, b.time, c.width]), wpeT), [N, c.width])
      const embMask = drop([N, c.width], 'emb')
      let x = applyMask(emb, embMask)

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
      const caches: BlockCache[] = []
      for (let i = 0; i < c.layers; i++) {
        const n = (k: string) => p(`h.${i}.${k}`)
        const ln1 = layerNorm(x, n('ln_1.weight'), n('ln_1.bias'))
        const qkv = linear(ln1.y, n('attn.c_attn.weight'), n('attn.c_attn.bias'))
        const yh = attn.forward(i, qkv, b.batch, b.time, drop([b.batch * H, b.time, b.time], i, 'attn'))
        const aMask = drop([N, c.width], i, 'resid-attn')
        x = tf.add(x, applyMask(linear(yh, n('attn.c_proj.weight'), n('attn.c_proj.bias')), aMask))
        const ln2 = layerNorm(x, n('ln_2.weight'), n('ln_2.bias'))
        const h = linear(ln2.y, n('mlp.c_fc.weight'), n('mlp.c_fc.bias'))
        const g = gelu(h)
        const mMask = drop([N, c.width], i, 'resid-mlp')
        x = tf.add(x, applyMask(linear(g.y, n('mlp.c_proj.weight'), n('mlp.c_proj.bias')), mMask))
        caches.push({ ln1: ln1.cache, ln1y: ln1.y, yh, aMask, ln2: ln2.cache, ln2y: ln2.y, h, s: g.s, gy: g.y, mMask })
      }
      const lnf = layerNorm(x, p('ln_f.weight'), p('ln_f.bias'))
      const logits = mmNT(lnf.y, p('wte.weight'))
      const weights = tf.tensor1d(b.weights, 'float32')
      const ce = crossEntropySum(logits, tf.tensor1d(b.targets, 'int32'), weights)

      // ---- backward ----
      const put = (name: string, g: Tensor) => {
        const spec = this.layout.byName.get(name)!
        grads.set(g.dataSync() as Float32Array, spec.offset)
      }
      const dlnf = mm(ce.dlogits, p('wte.weight'))
      let dwte = mmTN(ce.dlogits, lnf.y)
      const f = layerNormBackward(dlnf, lnf.cache)
      put('ln_f.weight', f.dg)
      put('ln_f.bias', f.db)
      let dx = f.dx
      for (let i = c.layers - 1; i >= 0; i--) {
        const n = (k: string) => p(`h.${i}.${k}`)
        const put_ = (k: string, g: Tensor) => put(`h.${i}.${k}`, g)
        const cc = caches[i]!
        const mp = linearBackward(applyMask(dx, cc.mMask), cc.gy, n('mlp.c_proj.weight'))
        put_('mlp.c_proj.weight', mp.dw)
        put_('mlp.c_proj.bias', mp.db)
        const fc = linearBackward(geluBackward(mp.dx, cc.h, cc.s), cc.ln2y, n('mlp.c_fc.weight'))
        put_('mlp.c_fc.weight', fc.dw)
        put_('mlp.c_fc.bias', fc.db)
        const l2 = layerNormBackward(fc.dx, cc.ln2)
        put_('ln_2.weight', l2.dg)
        put_('ln_2.bias', l2.db)
        dx = tf.add(dx, l2.dx)
        const ap = linearBackward(applyMask(dx, cc.aMask), cc.yh, n('attn.c_proj.weight'))
        put_('attn.c_proj.weight', ap.dw)
        put_('attn.c_proj.bias', ap.db)
        const dqkv = attn.backward(i, ap.dx)
        const qk = linearBackward(dqkv, cc.ln1y, n('attn.c_attn.weight'))
        put_('attn.c_attn.weight', qk.dw)
        put_('attn.c_attn.bias', qk.db)
        const l1 = layerNormBackward(qk.dx, cc.ln1)
        put_('ln_1.weight', l1.dg)
        put_('ln_1.bias', l1.db)
        dx = tf.add(dx, l1.dx)
      }
      const demb = applyMask(dx, embMask)
      dwte = tf.add(dwte, mmTN(tf.oneHot(tokens, c.vocab), demb))
      put('wte.weight', dwte)
      const dwpe = tf.sum(tf.reshape(demb, [b.batch, b.time, c.width]), 0)
      put('wpe.weight', b.time === c.context ? dwpe : tf.pad(dwpe, [[0, c.context - b.time], [0, 0]]))
      return { lossSum: ce.lossSum.dataSync()[0]!, weightSum: b.weights.reduce((a, w) => a + w, 0) }
    })
    return { lossSum, weightSum, grads }
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
      const p = (name: string) => P.get(name)!
      const c = this.config
      const N = batch * time
      const attn = this.attention()
      const wpeT = tf.slice(p('wpe.weight'), [0, 0], [time, c.width])
      const idx = tf.tensor1d(tokens, 'int32')
      let x = tf.reshape(tf.add(tf.reshape(tf.gather(p('wte.weight'), idx), [batch, time, c.width]), wpeT), [N, c.width])
      for (let i = 0; i < c.layers; i++) {
        const n = (k: string) => p(`h.${i}.${k}`)
        const ln1 = layerNorm(x, n('ln_1.weight'), n('ln_1.bias')).y
        const qkv = linear(ln1, n('attn.c_attn.weight'), n('attn.c_attn.bias'))
        const yh = attn.forward(i, qkv, batch, time, null)
        x = tf.add(x, linear(yh, n('attn.c_proj.weight'), n('attn.c_proj.bias')))
        const ln2 = layerNorm(x, n('ln_2.weight'), n('ln_2.bias')).y
        x = tf.add(x, linear(gelu(linear(ln2, n('mlp.c_fc.weight'), n('mlp.c_fc.bias'))).y, n('mlp.c_proj.weight'), n('mlp.c_proj.bias')))
      }
      const logits = mmNT(layerNorm(x, p('ln_f.weight'), p('ln_f.bias')).y, p('wte.weight'))
      return tf.logSoftmax(logits)
    })
    const data = out.dataSync() as Float32Array
    out.dispose()
    return data
  }

  dispose(): void {
    for (const core of this.cores.values()) core.dispose()
    this.cores.clear()
  }
}
