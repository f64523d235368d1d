/**
 * The attention kernel (attention.as.ts, compiled to WebAssembly SIMD) behind a small class
 * that owns its memory: each layer's forward inputs and probabilities stay in the module's
 * memory until that layer's backward, so a training step copies only qkv and dropout masks in
 * and y or dqkv out.
 */
import { attentionWasm } from './attention-wasm'

interface Exports {
  memory: WebAssembly.Memory
  heapBase(): number
  scratchBytes(T: number, dh: number): number
  forward(qkv: number, y: number, p: number, pd: number, drop: number, B: number, T: number, H: number, dh: number, scale: number, scratch: number): void
  backward(qkv: number, p: number, pd: number, drop: number, dy: number, dqkv: number, B: number, T: number, H: number, dh: number, scale: number, scratch: number): void
}

export interface AttentionShape {
  batch: number
  time: number
  heads: number
  /** Head width. */
  dh: number
  dropout: boolean
}

interface LayerRegion {
  qkv: number
  p: number
  pd: number
  drop: number
}

interface Plan {
  key: string
  shape: AttentionShape
  /** Whether each layer keeps its inputs and probabilities for a backward pass. */
  training: boolean
  layers: LayerRegion[]
  /** y in the forward pass, dy in the backward pass ([B·T, D]). */
  y: number
  dqkv: number
  scratch: number
}

let module: WebAssembly.Module | undefined

const align = (n: number) => Math.ceil(n / 64) * 64
const sameShape = (a: AttentionShape, b: AttentionShape) => a.batch === b.batch && a.time === b.time && a.heads === b.heads && a.dh === b.dh && a.dropout === b.dropout

export class AttentionKernel {
  private readonly k: Exports
  private plan: Plan | undefined
  /** The shape each layer's last forward ran with; its backward must match. */
  private readonly forwardShapes: (AttentionShape | undefined)[]

  constructor(private readonly layers: number) {
    module ??= new WebAssembly.Module(Buffer.from(attentionWasm, 'base64'))
    this.k = new WebAssembly.Instance(module, {}).exports as unknown as Exports
    this.forwardShapes = new Array<AttentionShape | undefined>(layers)
  }

  /** Training keeps every layer's forward state; inference reuses one region for all layers. */
  private layout(shape: AttentionShape, training: boolean): Plan {
    const key = JSON.stringify({ ...shape, training })
    if (this.plan?.key === key) return this.plan
    const { batch: B, time: T, heads: H, dh } = shape
    const N = B * T
    const D = H * dh
    const probs = B * H * T * (Math.ceil(T / 4) * 4) * 4
    let at = align(this.k.heapBase())
    const take = (bytes: number) => {
      const start = at
      at = align(at + bytes)
      return start
    }
    const layers = Array.from({ length: training ? this.layers : 1 }, () => ({
      qkv: take(N * 3 * D * 4),
      p: take(probs),
      pd: shape.dropout ? take(probs) : 0,
      drop: shape.dropout ? take(B * H * T * T * 4) : 0,
    }))
    const plan = { key, shape, training, layers, y: take(N * D * 4), dqkv: take(N * 3 * D * 4), scratch: take(this.k.scratchBytes(T, dh)) }
    const { memory } = this.k
    if (at > memory.buffer.byteLength) memory.grow(Math.ceil((at - memory.buffer.byteLength) / 65536))
    this.forwardShapes.fill(undefined)
    this.plan = plan
    return plan
  }

  private f32(byteOffset: number, length: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, byteOffset, length)
  }

  /**
   * y [B·T, D] from qkv [B·T, 3·D]; `drop` is [B·H, T, T] dropout multipliers when
   * shape.dropout. With `training` false nothing is kept for a backward pass.
   */
  forward(layer: number, shape: AttentionShape, qkv: Float32Array, drop: Float32Array | null, training = true): Float32Array {
    const plan = this.layout(shape, training)
    const { batch: B, time: T, heads: H, dh } = shape
    const r = plan.layers[training ? layer : 0]!
    if (qkv.length !== B * T * 3 * H * dh) throw new Error(`attention kernel: qkv has ${qkv.length} values, expected ${B * T * 3 * H * dh}`)
    this.f32(r.qkv, qkv.length).set(qkv)
    if (shape.dropout) {
      if (!drop || drop.length !== B * H * T * T) throw new Error('attention kernel: a dropout mask of [B·H, T, T] is required')
      this.f32(r.drop, drop.length).set(drop)
    }
    this.k.forward(r.qkv, plan.y, r.p, r.pd, r.drop, B, T, H, dh, 1 / Math.sqrt(dh), plan.scratch)
    if (training) this.forwardShapes[layer] = shape
    return this.f32(plan.y, B * T * H * dh).slice()
  }

  /** dqkv [B·T, 3·D] from dy [B·T, D], for the layer's last forward. */
  backward(layer: number, dy: Float32Array): Float32Array {
    const plan = this.plan
    const shape = this.forwardShapes[layer]
    if (!plan?.training || !shape || !sameShape(shape, plan.shape)) throw new Error(`attention kernel: backward of layer ${layer} without its forward`)
    const { batch: B, time: T, heads: H, dh } = shape
    const r = plan.layers[layer]!
    this.f32(plan.y, dy.length).set(dy)
    this.k.backward(r.qkv, r.p, r.pd, r.drop, plan.y, plan.dqkv, B, T, H, dh, 1 / Math.sqrt(dh), plan.scratch)
    return this.f32(plan.dqkv, B * T * 3 * H * dh).slice()
  }
}
