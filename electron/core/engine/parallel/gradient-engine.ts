/**
 * Where a step's gradients are computed: in this thread, or split across gradient threads
 * (data parallelism — each thread takes some rows of the batch, the sums are added).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { deriveSeed, type ModelConfig } from '../../../../shared'
import { shardBatch } from '../data'
import { Gpt, type Batch, type StepResult } from '../model'
import type { Ops } from '../ops'
import type { BackendName } from '../tf'
import type { FromThread, ToThread } from './protocol'

export interface GradientEngine {
  readonly threads: number
  /**
   * Σ loss, Σ weight and Σ gradients over the batch (not normalised). The gradients are the
   * engine's own buffer, valid until the next call.
   */
  compute(params: Float32Array, batch: Batch, dropoutSeed: number): Promise<StepResult>
  dispose(): Promise<void>
}

export class LocalGradientEngine implements GradientEngine {
  readonly threads = 1
  private readonly model: Gpt
  private readonly grads: Float32Array
  constructor(config: ModelConfig, ops: Ops) {
    this.model = new Gpt(config, ops)
    this.grads = new Float32Array(this.model.layout.total)
  }
  async compute(params: Float32Array, batch: Batch, dropoutSeed: number): Promise<StepResult> {
    return this.model.lossAndGrads(params, batch, deriveSeed(dropoutSeed, 0), this.grads)
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

type Sums = Omit<StepResult, 'grads'> & { computeMs: number }

/** Where the last compute's time went: each thread's lossAndGrads, and adding their gradients here. */
export interface ThreadTiming {
  threadMs: number[]
  sumMs: number
}

interface Pending {
  resolve: (r: Sums) => void
  reject: (e: Error) => void
}

export class ThreadGradientEngine implements GradientEngine {
  private readonly workers: Worker[] = []
  private readonly paramBuffer: Float32Array
  private readonly gradBuffers: Float32Array[] = []
  private readonly sum: Float32Array
  private readonly pending = new Map<number, Pending>()
  private nextId = 0
  /** Timing of the last compute, read by bench:train's step profile. */
  lastTiming: ThreadTiming = { threadMs: [], sumMs: 0 }

  private constructor(
    readonly threads: number,
    private readonly size: number,
  ) {
    this.paramBuffer = new Float32Array(new SharedArrayBuffer(size * 4))
    this.sum = new Float32Array(size)
  }

  static async start(config: ModelConfig, backend: BackendName, threads: number, size: number): Promise<ThreadGradientEngine> {
    const engine = new ThreadGradientEngine(threads, size)
    await Promise.all(
      Array.from({ length: threads }, async () => {
        const grads = new Float32Array(new SharedArrayBuffer(size * 4))
        const worker = spawnThread()
        engine.workers.push(worker)
        engine.gradBuffers.push(grads)
        await new Promise<void>((resolve, reject) => {
          const onMessage = (m: FromThread) => {
            if (m.type === 'ready') resolve()
            else if (m.type === 'error') reject(new Error(`gradient thread: ${m.error.message}`))
            else engine.settle(m)
          }
          worker.on('message', (m: FromThread) => (m.type === 'ready' || m.type === 'error' ? onMessage(m) : engine.settle(m)))
          worker.once('error', reject)
          worker.on('error', (e) => engine.failAll(e))
          worker.on('exit', (code) => code !== 0 && engine.failAll(new Error(`a gradient thread exited with code ${code}`)))
          const init: ToThread = { type: 'init', config, backend, params: engine.paramBuffer.buffer as SharedArrayBuffer, grads: grads.buffer as SharedArrayBuffer }
          worker.postMessage(init)
        })
      }),
    )
    return engine
  }

  private settle(m: FromThread): void {
    if (m.type === 'done') {
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

  async compute(params: Float32Array, batch: Batch, dropoutSeed: number): Promise<StepResult> {
    this.paramBuffer.set(params)
    const shards = shardBatch(batch, this.threads)
    const results = await Promise.all(
      shards.map((shard, i) => {
        const id = this.nextId++
        return new Promise<Sums>((resolve, reject) => {
          this.pending.set(id, { resolve, reject })
          const message: ToThread = { type: 'step', id, shard, dropoutSeed: deriveSeed(dropoutSeed, i) }
          this.workers[i]!.postMessage(message)
        })
      }),
    )
    // Add in thread order so the sum does not depend on which thread finished first.
    const summing = performance.now()
    const grads = this.sum
    grads.set(this.gradBuffers[0]!)
    for (let t = 1; t < shards.length; t++) {
      const g = this.gradBuffers[t]!
      for (let j = 0; j < grads.length; j++) grads[j]! += g[j]!
    }
    this.lastTiming = { threadMs: results.map((r) => r.computeMs), sumMs: performance.now() - summing }
    const total = (k: keyof Sums) => results.reduce((a, r) => a + r[k], 0)
    return { lossSum: total('lossSum'), weightSum: total('weightSum'), replayLossSum: total('replayLossSum'), replayWeightSum: total('replayWeightSum'), grads }
  }

  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}
