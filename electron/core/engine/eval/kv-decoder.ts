/**
 * Incremental decoding with a key/value cache, for greedy generation and sampling: a batch of
 * prompts is run once ("start"), then each new token costs one position per row instead of a
 * forward pass over the whole window. Without it, generating n tokens after a window of w
 * costs n·w positions; with it, w + n.
 *
 * The forward pass is the same computation as Gpt.logProbs (same layers, same parameter
 * layout), extended with per-row positions and a key mask so prompts of different lengths
 * share a batch: rows are LEFT-padded, so every row's last token sits in the last column and
 * new tokens land in the same column for all rows. A padded key gets −1e9 before the softmax
 * — exactly zero weight in float32, as for the causal mask — so a row's numbers do not depend
 * on its batch-mates. tests/unit/eval-kv-decoder.test.ts checks it against Gpt.logProbs.
 *
 * Positions are absolute (learned embeddings), so a row cannot grow past the context: callers
 * take a row out at the context and go on another way (greedy decoding re-scores its sliding
 * window; sampling starts again on the last `context` tokens).
 */
import type { ModelConfig } from '../../../../shared'
import { causalMask, gelu, layerNorm, linear, mergeHeads, splitHeads } from '../layers'
import type { Ops } from '../ops'
import { paramLayout } from '../params'
import { tf, type Tensor } from '../tf'

export interface IncrementalDecoder {
  /** Starts a new batch (each prompt 1..context tokens); returns each row's next-token log-probs, [B·V]. */
  start(prompts: readonly (readonly number[])[]): Float32Array
  /** Appends one token to every row; returns the next-token log-probs, [B·V]. */
  append(tokens: readonly number[]): Float32Array
  /** Keeps only these rows of the batch, in this order (rows that stopped cost nothing more). */
  keep(rows: readonly number[]): void
  /** Tokens in the longest row so far. */
  readonly longest: number
  dispose(): void
}

const MASKED = -1e9

export class KvDecoder implements IncrementalDecoder {
  private readonly params: Map<string, Tensor>
  private keys: Tensor[] = []
  private values: Tensor[] = []
  /** Left padding of each row; the batch has `columns` columns. */
  private pads: number[] = []
  private columns = 0

  constructor(
    readonly config: ModelConfig,
    flat: Float32Array,
    private readonly ops: Ops,
  ) {
    this.params = new Map(
      paramLayout(config).specs.map((s) => [s.name, tf.tensor(flat.subarray(s.offset, s.offset + s.size), s.shape, 'float32')]),
    )
  }

  get longest(): number {
    return this.pads.length === 0 ? 0 : this.columns - Math.min(...this.pads)
  }

  start(prompts: readonly (readonly number[])[]): Float32Array {
    const C = this.config.context
    if (prompts.length === 0) throw new RangeError('KvDecoder.start: no prompts')
    for (const [i, p] of prompts.entries())
      if (p.length < 1 || p.length > C) throw new RangeError(`KvDecoder.start: prompt ${i} has ${p.length} tokens; it must have 1..${C}`)
    this.clearCache()
    const B = prompts.length
    const T = Math.max(...prompts.map((p) => p.length))
    this.pads = prompts.map((p) => T - p.length)
    this.columns = T
    const tokens = new Int32Array(B * T)
    const positions = new Int32Array(B * T)
    const keyMask = new Float32Array(B * T)
    prompts.forEach((p, r) => {
      const pad = this.pads[r]!
      tokens.set(p, r * T + pad)
      for (let t = 0; t < T; t++) {
        positions[r * T + t] = Math.max(0, t - pad)
        if (t < pad) keyMask[r * T + t] = MASKED
      }
    })
    return this.forward(tokens, positions, keyMask, B, T)
  }

  append(tokens: readonly number[]): Float32Array {
    const B = this.pads.length
    if (tokens.length !== B) throw new RangeError(`KvDecoder.append: ${tokens.length} tokens for ${B} rows`)
    if (this.longest >= this.config.context) throw new RangeError(`KvDecoder.append: a row already holds the full context (${this.config.context})`)
    const S = this.columns + 1
    const positions = Int32Array.from(this.pads, (pad) => this.columns - pad)
    const keyMask = new Float32Array(B * S)
    this.pads.forEach((pad, r) => keyMask.fill(MASKED, r * S, r * S + pad))
    this.columns = S
    return this.forward(Int32Array.from(tokens), positions, keyMask, B, 1)
  }

  keep(rows: readonly number[]): void {
    if (rows.length === 0) {
      this.clearCache()
      this.pads = []
      this.columns = 0
      return
    }
    const H = this.config.heads
    const pads = rows.map((r) => this.pads[r]!)
    // Columns that are padding in every kept row are dropped.
    const drop = Math.min(...pads)
    const index = tf.tensor1d(rows.flatMap((r) => Array.from({ length: H }, (_, h) => r * H + h)), 'int32')
    const select = (t: Tensor) => tf.tidy(() => tf.slice(tf.gather(t, index), [0, drop, 0], [-1, -1, -1]))
    const keys = this.keys.map(select)
    const values = this.values.map(select)
    index.dispose()
    this.clearCache()
    this.keys = keys
    this.values = values
    this.pads = pads.map((p) => p - drop)
    this.columns -= drop
  }

  dispose(): void {
    this.clearCache()
    for (const t of this.params.values()) t.dispose()
    this.params.clear()
  }

  private clearCache(): void {
    for (const t of [...this.keys, ...this.values]) t.dispose()
    this.keys = []
    this.values = []
  }

  /**
   * T new positions per row (T = the prompt length at start, 1 when appending); keyMask is
   * [B, S] over all S columns after them. Returns the last new position's log-probs, [B·V].
   */
  private forward(tokens: Int32Array, positions: Int32Array, keyMask: Float32Array, B: number, T: number): Float32Array {
    const c = this.config
    const H = c.heads
    const dh = c.width / H
    const S = this.columns
    const appending = this.keys.length > 0
    const stale = [...this.keys, ...this.values]
    const p = (name: string) => this.params.get(name)!
    const out = tf.tidy(() => {
      let x = tf.add(tf.gather(p('wte.weight'), tf.tensor1d(tokens, 'int32')), tf.gather(p('wpe.weight'), tf.tensor1d(positions, 'int32')))
      // [B, 1, T, S]: padded keys, and (at start) keys after the query.
      let mask = tf.reshape(tf.tensor1d(keyMask), [B, 1, 1, S])
      if (!appending) mask = tf.add(mask, tf.reshape(causalMask(T), [1, 1, T, S]))
      const scale = 1 / Math.sqrt(dh)
      for (let i = 0; i < c.layers; i++) {
        const n = (k: string) => p(`h.${i}.${k}`)
        const qkv = linear(layerNorm(this.ops, x, n('ln_1.weight'), n('ln_1.bias')).y, n('attn.c_attn.weight'), n('attn.c_attn.bias'))
        const [q, kNew, vNew] = tf.split(qkv, 3, 1).map((t) => splitHeads(t, B, T, H)) as [Tensor, Tensor, Tensor]
        const k = appending ? tf.concat([this.keys[i]!, kNew], 1) : kNew
        const v = appending ? tf.concat([this.values[i]!, vNew], 1) : vNew
        this.keys[i] = tf.keep(k)
        this.values[i] = tf.keep(v)
        let y: Tensor
        if (appending) {
          // One query per row: elementwise products and sums, which every backend runs as
          // single kernels, rather than B·H tiny matmuls (the split that wasm would need).
          const scores = tf.reshape(tf.mul(tf.sum(tf.mul(q, k), -1), scale), [B, H, 1, S])
          const weights = tf.reshape(tf.softmax(tf.add(scores, mask)), [B * H, S, 1])
          y = tf.reshape(tf.sum(tf.mul(weights, v), 1), [B, c.width])
        } else {
          const scores = tf.reshape(tf.mul(this.ops.bmmNT(q, k), scale), [B, H, T, S])
          const weights = tf.reshape(tf.softmax(tf.add(scores, mask)), [B * H, T, S])
          y = mergeHeads(this.ops.bmm(weights, v), B, T, H)
        }
        x = tf.add(x, linear(y, n('attn.c_proj.weight'), n('attn.c_proj.bias')))
        const ln2 = layerNorm(this.ops, x, n('ln_2.weight'), n('ln_2.bias')).y
        x = tf.add(x, linear(gelu(this.ops, linear(ln2, n('mlp.c_fc.weight'), n('mlp.c_fc.bias'))).y, n('mlp.c_proj.weight'), n('mlp.c_proj.bias')))
      }
      // Only each row's last position is needed: the head is the largest matmul for big vocabularies.
      const last = T === 1 ? x : tf.gather(x, tf.tensor1d(Int32Array.from({ length: B }, (_, r) => r * T + T - 1), 'int32'))
      return tf.logSoftmax(this.ops.mmNT(layerNorm(this.ops, last, p('ln_f.weight'), p('ln_f.bias')).y, p('wte.weight')))
    })
    for (const t of stale) t.dispose()
    // Read the data outside tidy: tidy walks whatever its callback returns key by key looking
    // for tensors, which for a large typed array costs far more than the forward pass.
    const data = out.dataSync() as Float32Array
    out.dispose()
    return data
  }
}
