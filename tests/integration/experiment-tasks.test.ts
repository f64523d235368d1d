/**
 * `experiments.tasks` through the contract on a real store: suite tasks take the suite's
 * `learnedInPretraining` flag, an imported task its dataset's kind (and mark, when the store
 * keeps one), `corpus:*` rows are corpora with lower-is-better loss. The rows and tasks from
 * the store give the same findings as the same cells handed to the pure functions directly.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRouterClient } from '@orpc/server'
import { openService, router, rpcErrorInterceptor, type Service } from '../../electron/core/service'
import { computeFindings } from '../../shared/findings'
import { tempDir } from '../helpers/temp'
import { seedStudy } from '../helpers/seed-study'
import { STUDY_TASKS, rowsOf, studyCells } from '../helpers/study-cells'

const dir = tempDir()
let service: Service
let experimentId: number
const client = () => createRouterClient(router, { context: service.context('ipc'), interceptors: [rpcErrorInterceptor] })

beforeAll(() => {
  service = openService(join(dir.path, 'data'), { autoStart: false })
  const dataset = (name: string, learned: boolean | null) =>
    service.store.datasets.create({ name, kind: 'task', source: `${name}.jsonl`, path: join(dir.path, `${name}.jsonl`), bytes: 10, sha256: 'c'.repeat(64), meta: { taskKind: 'classification' }, learned })
  dataset('para', null)
  dataset('marked', true)
  const cells = studyCells()
  // An imported task the researcher marked as learned, evaluated once on the base.
  cells.push({ ...cells.find((c) => c.task === 'nli' && c.role === 'base')!, task: 'marked' })
  experimentId = seedStudy(service.store, service.dataDir, cells, { name: 'study', schedule: { suite: { seed: 0, scale: 'tiny' } } }).id
})
afterAll(() => {
  service.close()
  dir.cleanup()
})

describe('experiments.tasks', () => {
  it('describes each evaluated task from the suite, the dataset or its rows', async () => {
    const tasks = await client().experiments.tasks({ experimentId })
    expect(tasks).toEqual([
      { task: 'corpus:suite', kind: 'corpus', learned: null, higherIsBetter: false },
      { task: 'facts', kind: 'generation', learned: true, higherIsBetter: true },
      { task: 'marked', kind: 'classification', learned: true, higherIsBetter: true },
      { task: 'nli', kind: 'classification', learned: false, higherIsBetter: true },
      { task: 'para', kind: 'classification', learned: null, higherIsBetter: true },
      { task: 'reverse', kind: 'generation', learned: false, higherIsBetter: true },
    ])
  })

  it('gives the findings of the same cells computed directly (para’s learned inferred from its base)', async () => {
    const rows = await client().evaluations.forExperiment({ experimentId })
    const tasks = await client().experiments.tasks({ experimentId })
    const fromStore = computeFindings(rows, tasks)
    const direct = computeFindings(rowsOf(studyCells()), STUDY_TASKS)
    expect(fromStore.map((f) => [f.id, f.verdict, f.statement])).toEqual(direct.map((f) => [f.id, f.verdict, f.statement]))
  })

  it('refuses an experiment that does not exist', async () => {
    await expect(client().experiments.tasks({ experimentId: 999 })).rejects.toThrow(/Experiment 999/)
  })
})
