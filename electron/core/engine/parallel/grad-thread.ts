/**
 * A gradient thread: its own TF.js backend (wasm runs one thread per instance, so one
 * instance per core), reading parameters from shared memory and writing the gradients of its
 * shard of the batch back to shared memory. After the pass it sums, normalises and updates its
 * own range of the flat array, so no serial pass over every parameter is left to the main thread.
 */
import { parentPort } from 'node:worker_threads'
import { Gpt } from '../model'
import { makeOps } from '../ops'
import { adamwRange, decayMask } from '../optimizer'
import { selectBackend } from '../tf'
import { normaliseRange, sumRange, type Range } from './gradient-ranges'
import type { FromThread, ToThread } from './protocol'

const port = parentPort
if (!port) throw new Error('grad-thread must run as a worker thread')

interface Thread {
  model: Gpt
  range: Range
  params: Float32Array
  m: Float32Array
  v: Float32Array
  mask: Uint8Array
  /** Every thread's gradients, in thread order; this thread writes `grads[index]`. */
  grads: Float32Array[]
  own: Float32Array
  sum: Float32Array
  chunkSums: Float64Array
}

let thread: Thread | undefined

const send = (message: FromThread) => port.postMessage(message)

port.on('message', async (message: ToThread) => {
  try {
    if (message.type === 'init') {
      const choice = await selectBackend(message.backend)
      const { memory } = message
      const model = new Gpt(message.config, makeOps(choice.name))
      const grads = memory.grads.map((b) => new Float32Array(b))
      const own = grads[message.index]
      if (!own) throw new Error(`no gradient buffer for thread ${message.index}`)
      const f32 = (b: SharedArrayBuffer) => new Float32Array(b)
      thread = { model, range: message.range, params: f32(memory.params), m: f32(memory.m), v: f32(memory.v), mask: decayMask(model.layout), grads, own, sum: f32(memory.sum), chunkSums: new Float64Array(memory.chunkSums) }
      send({ type: 'ready', backend: choice.name })
      return
    }
    if (!thread) throw new Error(`${message.type} before init`)
    const t = thread
    switch (message.type) {
      case 'step': {
        // Gradients go straight into shared memory, where the other threads sum them.
        const started = performance.now()
        const { lossSum, weightSum, replayLossSum, replayWeightSum } = t.model.lossAndGrads(t.params, message.shard, message.dropoutSeed, t.own)
        return send({ type: 'done', id: message.id, lossSum, weightSum, replayLossSum, replayWeightSum, computeMs: performance.now() - started })
      }
      case 'sum':
        sumRange(t.sum, t.grads.slice(0, message.shards), message.first, t.range)
        return send({ type: 'ranged', id: message.id })
      case 'normalise':
        normaliseRange(t.sum, message.inv, t.range, t.chunkSums)
        return send({ type: 'ranged', id: message.id })
      case 'update':
        adamwRange(t.params, t.sum, { m: t.m, v: t.v, step: message.t }, t.mask, message.lr, message.adamw, message.gradScale, t.range)
        return send({ type: 'ranged', id: message.id })
    }
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error))
    send({ type: 'error', error: { kind: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) } })
  }
})
