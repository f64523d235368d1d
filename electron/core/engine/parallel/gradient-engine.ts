/**
 * Where a step's gradients are computed and applied: in this thread, or split across gradient
 * threads (data parallelism — each thread takes some rows of the batch; then each sums,
 * normalises and updates its own contiguous range of the flat parameter array).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { deriveSeed, type ModelConfig } from '../../../../shared'
import { shardBatch } from '../data'
import { Gpt, type Batch, type StepResult } from '../model'
import type { Ops } from '../ops'
import { adamwStep, decayMask, type AdamWConfig, type AdamWState } from '../optimizer'
import { paramLayout } from '../params'
import type { BackendName } from '../tf'
import { chunkCount, normaliseRange, normOf, splitRanges, sumRange, type Range } from './gradient-ranges'
import type { FromThread, SharedStep, ToThread } from './protocol'

/** What a step updates: the parameters and AdamW's state. */
export interface Weights {
  params: Float32Array
  optimizer: AdamWState
}

/** Where the last step's time went, read by bench:train's step profile (all wall times on the calling thread). */
export interface StepTiming {
  /** The last compute call, summing included. */
  computeMs: number
  /** Each thread's time in lossAndGrads in it. */
  threadMs: number[]
  /** Adding the threads' gradients into the step's sum. */
  sumMs: number
  normaliseMs: number
  updateMs: number
}

export interface GradientEngine {
  readonly threads: number
  readonly lastTiming: StepTiming
  /** Moves the weights into the memory the engine updates in place; their arrays are views of it until `release`. */
  adopt(weights: Weights): void
  /** Gives the weights arrays of their own again. */
  release(weights: Weights): void
  /**
   * Σ loss and Σ weight of one micro-batch, its gradients added into the step's sum (a new sum
   * unless `accumulate`). `grads` is that sum, the engine's buffer, valid until the next step.
   */
  compute(params: Float32Array, batch: Batch, dropoutSeed: number, accumulate?: boolean): Promise<StepResult>
  /** Divides the step's sum by its target-token count; returns the global norm. */
  normalise(weightSum: number): Promise<number>
  /** One AdamW update of the adopted weights from the normalised sum × `gradScale`. */
  update(weights: Weights, lr: number, c: AdamWConfig, gradScale: number): Promise<void>
  dispose(): Promise<void>
}

const noTiming = (): StepTiming => ({ computeMs: 0, threadMs: [], sumMs: 0, normaliseMs: 0, updateMs: 0 })
const since = (t: number) => performance.now() - t

export class LocalGradientEngine implements GradientEngine {
  readonly threads = 1
  lastTiming = noTiming()
  private readonly model: Gpt
  private readonly grads: Float32Array
  private scratch: Float32Array | undefined
  private readonly mask: Uint8Array
  private readonly chunkSums: Float64Array
  private readonly whole: Range
  constructor(config: ModelConfig, ops: Ops) {
    this.model = new Gpt(config, ops)
    this.grads = new Float32Array(this.model.layout.total)
    this.mask = decayMask(this.model.layout)
    this.chunkSums = new Float64Array(chunkCount(this.grads.length))
    this.whole = { start: 0, end: this.grads.length }
  }
  adopt(): void {}
  release(): void {}
  async compute(params: Float32Array, batch: Batch, dropoutSeed: number, accumulate = false): Promise<StepResult> {
    const started = performance.now()
    const into = accumulate ? (this.scratch ??= new Float32Array(this.grads.length)) : this.grads
    const r = this.model.lossAndGrads(params, batch, deriveSeed(dropoutSeed, 0), into)
    const threadMs = since(started)
    if (accumulate) sumRange(this.grads, [into], false, this.whole)
    this.lastTiming = { ...this.lastTiming, computeMs: since(started), threadMs: [threadMs], sumMs: since(started) - threadMs }
    return { ...r, grads: this.grads }
  }
  async normalise(weightSum: number): Promise<number> {
    const started = performance.now()
    normaliseRange(this.grads, 1 / weightSum, this.whole, this.chunkSums)
    this.lastTiming.normaliseMs = since(started)
    return normOf(this.chunkSums)
  }
  async update(weights: Weights, lr: number, c: AdamWConfig, gradScale: number): Promise<void> {
    const started = performance.now()
    adamwStep(weights.params, this.grads, weights.optimizer, this.mask, lr, c, gradScale)
    this.lastTiming.updateMs = since(started)
  }
  async dispose(): Promise<void> {
    this.model.dispose()
  }
}

/**
 * The built thread entry sits beside the main bundle. Run from source (tests, benchmarks), the
 * thread registers tsx first so it can load the TypeScript entry. No exec arguments: V8 flags
 * are process-wide and a Worker refuses them (ERR_WORKER_INVALID_EXEC_ARGV), so the threads
 * have relaxed SIMD exactly when their process does (RELAXED_SIMD_EXEC_ARGV on Node 20).
 */
function spawnThread(): Worker {
  for (const dir of [__dirname, join(__dirname, '..')]) {
    const built = join(dir, 'grad-thread.js')
    if (existsSync(built)) return new Worker(built)
  }
  const source = join(__dirname, 'grad-thread.ts')
  if (!existsSync(source)) throw new Error(`The gradient thread entry was not found next to ${__dirname}`)
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(source)})`, { eval: true })
}

type Reply = Extract<FromThread, { type: 'done' | 'ranged' }>
type Done = Extract<FromThread, { type: 'done' }>

interface Pending {
  resolve: (r: Reply) => void
  reject: (e: Error) => void
}

const shared = (floats: number, bytes = 4) => new SharedArrayBuffer(floats * bytes)

export class ThreadGradientEngine implements GradientEngine {
  private readonly workers: Worker[] = []
  private readonly memory: SharedStep
  private readonly params: Float32Array
  private readonly m: Float32Array
  private readonly v: Float32Array
  private readonly sum: Float32Array
  private readonly chunkSums: Float64Array
  private readonly pending = new Map<number, Pending>()
  private nextId = 0
  lastTiming = noTiming()

  private constructor(readonly threads: number, size: number) {
    this.memory = { params: shared(size), m: shared(size), v: shared(size), grads: Array.from({ length: threads }, () => shared(size)), sum: shared(size), chunkSums: shared(chunkCount(size), 8) }
    this.params = new Float32Array(this.memory.params)
    this.m = new Float32Array(this.memory.m)
    this.v = new Float32Array(this.memory.v)
    this.sum = new Float32Array(this.memory.sum)
    this.chunkSums = new Float64Array(this.memory.chunkSums)
  }

  static async start(config: ModelConfig, backend: BackendName, threads: number, size: number): Promise<ThreadGradientEngine> {
    if (size !== paramLayout(config).total) throw new Error(`ThreadGradientEngine: size ${size} is not the model's ${paramLayout(config).total} parameters`)
    const engine = new ThreadGradientEngine(threads, size)
    const ranges = splitRanges(size, threads)
    await Promise.all(
      ranges.map(async (range, index) => {
        const worker = spawnThread()
        engine.workers[index] = worker
        await new Promise<void>((resolve, reject) => {
          worker.on('message', (m: FromThread) => {
            if (m.type === 'ready') resolve()
            else if (m.type === 'error') reject(new Error(`gradient thread: ${m.error.message}`))
            engine.settle(m)
          })
          worker.once('error', reject)
          worker.on('error', (e) => engine.failAll(e))
          worker.on('exit', (code) => code !== 0 && engine.failAll(new Error(`a gradient thread exited with code ${code}`)))
          const init: ToThread = { type: 'init', config, backend, index, range, memory: engine.memory }
          worker.postMessage(init)
        })
      }),
    )
    return engine
  }

  private settle(m: FromThread): void {
    if (m.type === 'done' || m.type === 'ranged') {
      this.pending.get(m.id)?.resolve(m)
      this.pending.delete(m.id)
    } else if (m.type === 'error') {
      this.failAll(new Error(`gradient thread: ${m.error.message}`))
    }
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error)
    this.pending.clear()
  }

  /** Sends each of the first `count` threads its message and waits for every reply. */
  private roundTrip(count: number, message: (thread: number, id: number) => ToThread): Promise<Reply[]> {
    return Promise.all(
      this.workers.slice(0, count).map((worker, i) => {
        const id = this.nextId++
        return new Promise<Reply>((resolve, reject) => {
          this.pending.set(id, { resolve, reject })
          worker.postMessage(message(i, id))
        })
      }),
    )
  }

  adopt(weights: Weights): void {
    const into = (from: Float32Array, to: Float32Array) => {
      if (from !== to) to.set(from)
      return to
    }
    weights.params = into(weights.params, this.params)
    weights.optimizer.m = into(weights.optimizer.m, this.m)
    weights.optimizer.v = into(weights.optimizer.v, this.v)
  }

  release(weights: Weights): void {
    if (weights.params === this.params) weights.params = this.params.slice()
    if (weights.optimizer.m === this.m) weights.optimizer.m = this.m.slice()
    if (weights.optimizer.v === this.v) weights.optimizer.v = this.v.slice()
  }

  async compute(params: Float32Array, batch: Batch, dropoutSeed: number, accumulate = false): Promise<StepResult> {
    const started = performance.now()
    if (params !== this.params) this.params.set(params)
    const shards = shardBatch(batch, this.threads)
    const results = (await this.roundTrip(shards.length, (i, id) => ({ type: 'step', id, shard: shards[i]!, dropoutSeed: deriveSeed(dropoutSeed, i) }))).filter((r): r is Done => r.type === 'done')
    // Every thread adds the shards over its own range, in thread order, so the sum does not depend on which thread finished first.
    const summing = performance.now()
    await this.roundTrip(this.threads, (_, id) => ({ type: 'sum', id, shards: shards.length, first: !accumulate }))
    this.lastTiming = { ...this.lastTiming, computeMs: since(started), threadMs: results.map((r) => r.computeMs), sumMs: since(summing) }
    const total = (k: 'lossSum' | 'weightSum' | 'replayLossSum' | 'replayWeightSum') => results.reduce((a, r) => a + r[k], 0)
    return { lossSum: total('lossSum'), weightSum: total('weightSum'), replayLossSum: total('replayLossSum'), replayWeightSum: total('replayWeightSum'), grads: this.sum }
  }

  async normalise(weightSum: number): Promise<number> {
    const started = performance.now()
    await this.roundTrip(this.threads, (_, id) => ({ type: 'normalise', id, inv: 1 / weightSum }))
    this.lastTiming.normaliseMs = since(started)
    return normOf(this.chunkSums)
  }

  async update(weights: Weights, lr: number, c: AdamWConfig, gradScale: number): Promise<void> {
    if (weights.params !== this.params || weights.optimizer.m !== this.m || weights.optimizer.v !== this.v) throw new Error('ThreadGradientEngine.update: the weights were not adopted')
    const started = performance.now()
    const t = (weights.optimizer.step += 1)
    await this.roundTrip(this.threads, (_, id) => ({ type: 'update', id, t, lr, adamw: c, gradScale }))
    this.lastTiming.updateMs = since(started)
  }

  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}
