/**
 * A gradient thread: its own TF.js backend (wasm runs one thread per instance, so one
 * instance per core), reading parameters from shared memory and writing the gradients of its
 * shard of the batch back to shared memory.
 */
import { parentPort } from 'node:worker_threads'
import { Gpt } from '../model'
import { makeOps } from '../ops'
import { selectBackend } from '../tf'
import type { FromThread, ToThread } from './protocol'

const port = parentPort
if (!port) throw new Error('grad-thread must run as a worker thread')

let model: Gpt | undefined
let params: Float32Array | undefined
let grads: Float32Array | undefined

const send = (message: FromThread) => port.postMessage(message)

port.on('message', async (message: ToThread) => {
  try {
    if (message.type === 'init') {
      const choice = await selectBackend(message.backend)
      model = new Gpt(message.config, makeOps(choice.name))
      params = new Float32Array(message.params)
      grads = new Float32Array(message.grads)
      send({ type: 'ready', backend: choice.name })
      return
    }
    if (!model || !params || !grads) throw new Error('step before init')
    // Gradients go straight into shared memory, where the training loop reads them.
    const started = performance.now()
    const { lossSum, weightSum, replayLossSum, replayWeightSum } = model.lossAndGrads(params, message.shard, message.dropoutSeed, grads)
    send({ type: 'done', id: message.id, lossSum, weightSum, replayLossSum, replayWeightSum, computeMs: performance.now() - started })
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error))
    send({ type: 'error', error: { kind: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) } })
  }
})
