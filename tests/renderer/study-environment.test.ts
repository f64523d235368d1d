/** The report's environment table: app and platform, then each backend and each runtime (Node, TF.js) with how many runs used it. */
import { describe, expect, it } from 'vitest'
import { environmentOf } from '../../renderer/src/study/environment'
import type { RunSummary } from '../../shared'

const run = (id: number, detail: RunSummary['backendDetail']): RunSummary => ({
  id, experimentId: 1, name: `r${id}`, kind: 'finetune', status: 'completed', config: {}, plan: null, parentCheckpointId: null, backend: 'wasm', backendDetail: detail,
  seed: 0, tags: [], notes: '', createdAt: 0, startedAt: 0, finishedAt: 0, updatedAt: 0, tokensSeen: 0, lastStep: 0, checkpointCount: 1,
})

describe('environmentOf', () => {
  it('counts runs per backend and per runtime, and says when a run predates recorded versions', () => {
    const detail = { simd: true, threads: 2, unavailable: [] }
    const rows = environmentOf(undefined, [
      run(1, { ...detail, runtime: { node: '20.20.2', tfjs: '4.22.0' } }),
      run(2, { ...detail, runtime: { node: '20.20.2', tfjs: '4.22.0' } }),
      run(3, detail),
    ])
    expect(rows).toEqual([
      ['backend', 'wasm (SIMD on, 2 threads): 3 runs'],
      ['runtime', 'Node 20.20.2, TF.js 4.22.0: 2 runs'],
      ['runtime', 'not recorded (run started by an older version): 1 run'],
      ['runs', '3'],
    ])
  })
})
