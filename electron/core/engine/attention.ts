/**
 * The causal self-attention core of a block, from the c_attn output qkv [B·T, 3·D] to the
 * merged heads y [B·T, D], and back. Two implementations of the same function:
 *   - `kernel`: the WebAssembly SIMD kernel (kernels/attention.as.ts), for backends whose
 *     tensors live in this process's memory (wasm, cpu), where reading qkv out is one copy;
 *   - `ops`: TF.js ops (per-head products as the backend runs them best), for native backends
 *     where data stays on the device.
 * tests/unit/engine-attention.test.ts checks that the two agree, with and without dropout.
 */
import { AttentionKernel } from './kernels/attention'
import { attention, attentionBackward, causalMask, mergeHeads, splitHeads, type AttnCache } from './layers'
import type { Ops } from './ops'
import { tf, type Tensor } from './tf'

export type AttentionImpl = 'kernel' | 'ops'

export interface AttentionCore {
  /**
   * `dropMask` is [B·H, T, T] multipliers, or null without dropout. `training` false (inference)
   * keeps nothing for a backward pass.
   */
  forward(layer: number, qkv: Tensor, batch: number, time: number, dropMask: Tensor | null, training?: boolean): Tensor
  /** dqkv [B·T, 3·D] for the layer's last forward, from dy [B·T, D]. */
  backward(layer: number, dy: Tensor): Tensor
  dispose(): void
}

export class KernelAttention implements AttentionCore {
  private readonly kernel: AttentionKernel
  constructor(
    layers: number,
    private readonly heads: number,
  ) {
    this.kernel = new AttentionKernel(layers)
  }

  forward(layer: number, qkv: Tensor, batch: number, time: number, dropMask: Tensor | null, training = true): Tensor {
    const D = qkv.shape[1]! / 3
    const shape = { batch, time, heads: this.heads, dh: D / this.heads, dropout: dropMask !== null }
    const y = this.kernel.forward(layer, shape, qkv.dataSync() as Float32Array, dropMask ? (dropMask.dataSync() as Float32Array) : null, training)
    return tf.tensor2d(y, [batch * time, D])
  }

  backward(layer: number, dy: Tensor): Tensor {
    const [N, D] = dy.shape as [number, number]
    return tf.tensor2d(this.kernel.backward(layer, dy.dataSync() as Float32Array), [N, 3 * D])
  }

  dispose(): void {}
}

export class OpsAttention implements AttentionCore {
  private readonly masks = new Map<number, Tensor>()
  private readonly caches: { cache: AttnCache; batch: number; time: number }[] = []

  constructor(
    private readonly ops: Ops,
    private readonly heads: number,
  ) {}

  private mask(t: number): Tensor {
    let m = this.masks.get(t)
    if (!m) {
      m = tf.keep(causalMask(t))
      this.masks.set(t, m)
    }
    return m
  }

  forward(layer: number, qkv: Tensor, batch: number, time: number, dropMask: Tensor | null): Tensor {
    const H = this.heads
    const [q, k, v] = tf.split(qkv, 3, 1).map((t) => splitHeads(t, batch, time, H)) as [Tensor, Tensor, Tensor]
    const att = attention(this.ops, q, k, v, this.mask(time), dropMask)
    this.caches[layer] = { cache: att.cache, batch, time }
    return mergeHeads(att.y, batch, time, H)
  }

  backward(layer: number, dy: Tensor): Tensor {
    const c = this.caches[layer]
    if (!c) throw new Error(`attention: backward of layer ${layer} without its forward`)
    const H = this.heads
    const ab = attentionBackward(this.ops, splitHeads(dy, c.batch, c.time, H), c.cache)
    return tf.concat([ab.dq, ab.dk, ab.dv].map((t) => mergeHeads(t, c.batch, c.time, H)), 1)
  }

  dispose(): void {
    for (const m of this.masks.values()) m.dispose()
    this.masks.clear()
    this.caches.length = 0
  }
}
