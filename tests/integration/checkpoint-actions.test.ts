import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRouterClient, type ORPCError } from '@orpc/server'
import { EventHub, openService, router, rpcErrorInterceptor, type Service } from '../../electron/core/service'
import { Runner } from '../../electron/core/runner/runner'
import { forkWorker, type WorkerLauncher } from '../../electron/core/runner/worker-process'
import { checkpointFolder, runTrainJob } from '../../electron/core/jobs/train-job'
import { loadCheckpoint } from '../../electron/core/engine/checkpoint'
import { Gpt } from '../../electron/core/engine/model'
import { generate } from '../../electron/core/engine/sample'
import { tokenizerFromSpec } from '../../electron/core/engine/tokenizer'
import { TrainJobSpec } from '../../shared'
import { useBackend } from '../helpers/engine'
import { isRunning } from '../helpers/processes'
import { tempDir } from '../helpers/temp'
import { tinyJob } from '../helpers/job-files'

const dir = tempDir()
let service: Service
let client: ReturnType<typeof makeClient>
let checkpointId: number
let path: string
const makeClient = (s: Service) => createRouterClient(router, { context: s.context('ipc'), interceptors: [rpcErrorInterceptor] })

/** Every worker the service's runner launches, with the signal that ended it (null: it exited by itself). */
const launched: { pid: number; exited: Promise<string | null> }[] = []
const recording: WorkerLauncher = () => {
  const handle = forkWorker()
  launched.push({ pid: handle.pid!, exited: new Promise((resolve) => handle.onExit((e) => resolve(e.signal))) })
  return handle
}

beforeAll(async () => {
  service = openService(join(dir.path, 'data'), { autoStart: false, launcher: recording })
  client = makeClient(service)
  const run = service.store.runs.create({ experimentId: null, name: 'source', kind: 'pretrain', config: {}, parentCheckpointId: null, seed: 3, tags: [], notes: '' })
  const spec = TrainJobSpec.parse(tinyJob(dir.path, { runId: run.id, steps: 3, checkpoints: { every: null, at: [] } }))
  await runTrainJob(spec, null, { emit: () => undefined, control: () => 'run' })
  path = checkpointFolder(spec.checkpointDir, 3)
  checkpointId = service.store.checkpoints.create({ runId: run.id, step: 3, tokens: 192, path, bytes: 1, sha256: '0'.repeat(64) }).id
}, 60_000)
afterAll(() => {
  service.close()
  dir.cleanup()
})

describe('checkpoint actions', () => {
  it("generates text in a worker of the runner's, exactly as the engine does in-process", async () => {
    const before = launched.length
    const out = await client.checkpoints.generate({ id: checkpointId, prompt: 'Alice lives in', maxTokens: 12, temperature: 0, stopAtEos: false })
    // The service's runner launched it (its launcher), and the worker is gone once it answered.
    expect(launched.length).toBe(before + 1)
    expect(await launched.at(-1)!.exited).toBeNull()
    const ops = await useBackend('wasm')
    const ckpt = await loadCheckpoint(path)
    const expected = generate(new Gpt(ckpt.config, ops), ckpt.params, tokenizerFromSpec(ckpt.tokenizer), { prompt: 'Alice lives in', maxTokens: 12, temperature: 0, stopAtEos: false })
    expect(out).toEqual({ text: expected.text, tokens: 12, stop: 'max-tokens' })
  }, 60_000)

  it('stops a generation worker at its deadline, when its caller aborts, and when the runner shuts down', async () => {
    const request = { kind: 'sample' as const, checkpoint: path, backend: 'auto' as const, prompt: 'Alice', maxTokens: 4096, temperature: 0, topK: 0, seed: 0, stopAtEos: false }
    const stopped = async (pending: Promise<unknown>, message: string) => {
      await expect(pending).rejects.toThrow(message)
      const worker = launched.at(-1)!
      // Killed (SIGKILL), not finished by itself: each stop comes within milliseconds of the launch.
      expect(await worker.exited).toBe('SIGKILL')
      expect(isRunning(worker.pid)).toBe(false)
    }
    await stopped(service.runner.generate(request, { timeoutMs: 300 }), 'Generation took longer than 0.3 s and was stopped.')

    // Through the contract: the caller's abort signal reaches the runner.
    const caller = new AbortController()
    const before = launched.length
    const viaClient = client.checkpoints.generate({ id: checkpointId, prompt: 'Alice', maxTokens: 4096, temperature: 0, stopAtEos: false }, { signal: caller.signal })
    await expect.poll(() => launched.length).toBe(before + 1)
    caller.abort()
    await stopped(viaClient, 'Generation was cancelled.')

    // A runner of its own, so the service's stays up for the tests after this one.
    const runner = new Runner(service.store, new EventHub(), { concurrency: 1, launcher: recording, prepare: () => Promise.reject(new Error('no jobs here')) })
    const pending = stopped(runner.generate(request), 'Generation was stopped: the job runner shut down.')
    await runner.shutdown()
    // shutdown() resolves once the generation worker has exited.
    expect(isRunning(launched.at(-1)!.pid)).toBe(false)
    await pending
    await expect(runner.generate(request)).rejects.toThrow('The job runner is shutting down')
  }, 60_000)

  it('rejects bad generation options naming the field', async () => {
    const error = (await client.checkpoints.generate({ id: checkpointId, prompt: 'x', temperature: -1 }).catch((e: unknown) => e)) as ORPCError<string, { issues: { path: string }[] }>
    expect(error.code).toBe('BAD_REQUEST')
    expect(error.data.issues[0]!.path).toBe('temperature')
  })

  it('refuses to evaluate a checkpoint outside an experiment, saying why', async () => {
    await expect(client.checkpoints.evaluate({ id: checkpointId })).rejects.toThrow('not part of an experiment with a task suite')
  })

  it('exports the folder and then deletes the checkpoint and its folder', async () => {
    const { path: exported } = await client.checkpoints.export({ id: checkpointId, destination: join(dir.path, 'exports') })
    expect((await loadCheckpoint(exported)).manifest.step).toBe(3)
    await expect(client.checkpoints.export({ id: checkpointId, destination: join(dir.path, 'exports') })).rejects.toThrow('already exists')
    // While its run could still resume from it, the checkpoint is kept.
    await expect(client.checkpoints.delete({ id: checkpointId })).rejects.toThrow(`Checkpoint ${checkpointId} is still needed by run`)
    service.store.runs.setStatus(service.store.checkpoints.get(checkpointId).runId, 'completed')
    await client.checkpoints.delete({ id: checkpointId })
    expect(existsSync(path)).toBe(false)
    expect(existsSync(exported)).toBe(true)
    await expect(client.checkpoints.get({ id: checkpointId })).rejects.toThrow(`Checkpoint ${checkpointId} does not exist`)
  })
})
