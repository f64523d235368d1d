/**
 * A run page refetches its lineage on every metrics event: with the cache, a completed
 * ancestor's part is asked for once. Through the real router on a real store, counting calls.
 */
import { join } from 'node:path'
import { createRouterClient } from '@orpc/server'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LineageCache, resolveLineage } from '../../renderer/src/charts/lineage'
import type { ApiClient } from '../../renderer/src/api/client'
import { openService, router, rpcErrorInterceptor, type Service } from '../../electron/core/service'
import type { RunStatus } from '../../shared/schemas/run'
import { handRun } from '../helpers/hand-run'
import { tempDir } from '../helpers/temp'

/** The client, with every procedure call it makes written down by path ("metrics.keys"). */
function counting(client: ApiClient, calls: string[]): ApiClient {
  const wrap = <T extends object>(target: T, path: string[]): T =>
    new Proxy(target, {
      get: (t, name) => {
        const value: unknown = Reflect.get(t, name)
        return (typeof value === 'function' || (typeof value === 'object' && value !== null)) && typeof name === 'string' ? wrap(value, [...path, name]) : value
      },
      apply: (t, self, args) => {
        calls.push(path.join('.'))
        return Reflect.apply(t as (...a: unknown[]) => unknown, self, args)
      },
    })
  return wrap(client, [])
}

describe('lineage cache', () => {
  const dir = tempDir()
  let service: Service
  let calls: string[]
  let client: ApiClient

  /** A pre-training run (train/loss at steps 0..99, 10 ms apart) with a checkpoint at step 50, and a fine-tune of it. */
  function seed(parentStatus: RunStatus) {
    const { store } = service
    const base = handRun(store, { name: 'pretrain' })
    store.metrics.append(base.id, Array.from({ length: 100 }, (_, step) => ({ key: 'train/loss', step, tokens: step * 256, wallTime: 1_000 + step * 10, value: 5 - step / 100 })))
    store.runs.setStatus(base.id, 'running')
    store.runs.setStatus(base.id, parentStatus)
    const checkpoint = store.checkpoints.create({ runId: base.id, step: 50, tokens: 12_800, path: join(dir.path, 'c50'), bytes: 1, sha256: '0'.repeat(64) })
    const child = handRun(store, { name: 'finetune', kind: 'finetune', parentCheckpointId: checkpoint.id })
    store.metrics.append(child.id, Array.from({ length: 10 }, (_, step) => ({ key: 'train/loss', step, tokens: step * 64, wallTime: 9_000 + step, value: 4 })))
    store.runs.setStatus(child.id, 'running')
    return store.runs.get(child.id)
  }

  beforeEach(() => {
    service = openService(join(dir.path, `data-${Math.random().toString(36).slice(2)}`), { autoStart: false })
    calls = []
    client = counting(createRouterClient(router, { context: service.context('ipc'), interceptors: [rpcErrorInterceptor] }), calls)
  })
  afterEach(() => service.close())
  afterAll(() => dir.cleanup())

  it('asks for a completed ancestor once, and for the live run every time', async () => {
    const run = seed('completed')
    const cache = new LineageCache()
    const first = await resolveLineage(client, run, cache)
    // The walk up (checkpoint, parent run), then each run's keys, first step and offsets.
    expect(calls.sort()).toEqual(['checkpoints.get', 'metrics.keys', 'metrics.keys', 'metrics.seriesMany', 'metrics.seriesMany', 'metrics.seriesMany', 'metrics.seriesMany', 'runs.get'])
    const [parent, self] = first.runs
    expect(parent!.segment).toMatchObject({ stepOffset: 0, cutStep: 50, t0: 1_000 })
    // 50 steps, 12,800 tokens and (1,500 − 1,000) ms of training before the branch point.
    expect(self!.segment).toMatchObject({ stepOffset: 50, tokenOffset: 12_800, wallOffset: 0.5, t0: 9_000, cutStep: null, anchorOffset: 50 })
    expect(first.markers.filter((m) => m.kind === 'branch').map((m) => m.label)).toEqual(['branch from pretrain @ 50'])

    calls.length = 0
    const again = await resolveLineage(client, run, cache)
    expect(calls.sort()).toEqual(['metrics.keys', 'metrics.seriesMany', 'metrics.seriesMany'])
    expect(again).toEqual(first)
  })

  it('asks again for an ancestor that is still running', async () => {
    const run = seed('paused')
    const cache = new LineageCache()
    await resolveLineage(client, run, cache)
    calls.length = 0
    await resolveLineage(client, run, cache)
    // Only the checkpoint (which never changes) is kept: the parent run and its part are asked again.
    expect(calls.sort()).toEqual(['metrics.keys', 'metrics.keys', 'metrics.seriesMany', 'metrics.seriesMany', 'metrics.seriesMany', 'metrics.seriesMany', 'runs.get'])
  })
})
