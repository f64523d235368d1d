import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ORPCError } from '@orpc/server'
import { Store } from '../../electron/core/store'
import { formatPath, type ExperimentScheduleInput } from '../../shared'
import { routerClient } from '../helpers/router-client'
import { tempDir } from '../helpers/temp'
import { handRun } from '../helpers/hand-run'

const schedule: ExperimentScheduleInput = {
  name: 'x',
  model: { layers: 1, heads: 1, width: 8, context: 8, vocab: 257 },
  suite: { seed: 0, scale: 'tiny' },
  pretrain: { length: { steps: 10 }, batch: 2, lr: { kind: 'constant', lr: 1e-3 }, checkpoints: { kind: 'every', steps: 5 } },
}
const branch = { name: 'ft', from: 'all' as const, tasks: ['nli'], length: { steps: 2 }, batch: 2, lr: { kind: 'constant' as const, lr: 1e-3 } }

type Issues = { issues: { path: string; message: string }[] }

describe('contract validation', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())
  let store: Store
  let client: ReturnType<typeof makeClient>
  const makeClient = (s: Store) => routerClient(s, { dataDir: dir.path, readable: '/tmp' })

  beforeEach(() => {
    store = Store.open(':memory:')
    client = makeClient(store)
  })
  afterEach(() => store.close())

  const rejected = async (call: Promise<unknown>): Promise<ORPCError<string, Issues>> => {
    const error = await call.then(
      () => {
        throw new Error('the call was accepted')
      },
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ORPCError)
    return error as ORPCError<string, Issues>
  }

  // Each malformed payload, and the field its error must name.
  const cases: [string, () => Promise<unknown>, string][] = [
    ['runs.create without a name', () => client.runs.create({ kind: 'pretrain' } as never), 'name'],
    ['runs.create with an unknown kind', () => client.runs.create({ name: 'r', kind: 'distill' } as never), 'kind'],
    ['runs.create with a fractional seed', () => client.runs.create({ name: 'r', kind: 'pretrain', seed: 1.5 }), 'seed'],
    ['runs.create with a tag holding a comma', () => client.runs.create({ name: 'r', kind: 'pretrain', tags: ['ok', 'a,b'] }), 'tags[1]'],
    ['runs.create with a config that is not an object', () => client.runs.create({ name: 'r', kind: 'pretrain', config: [] as never }), 'config'],
    ['runs.update with a string id', () => client.runs.update({ id: '1' } as never), 'id'],
    ['runs.list with an unknown status', () => client.runs.list({ status: ['running', 'zombie'] as never }), 'status[1]'],
    ['experiments.create with a blank name', () => client.experiments.create({ schedule: { ...schedule, name: '   ' } }), 'schedule.name'],
    [
      'experiments.create with a replay ratio above 1',
      () => client.experiments.create({ schedule: { ...schedule, branches: [{ ...branch, replay: [0, 1.5] }] } }),
      'schedule.branches[0].replay[1]',
    ],
    ['experiments.dryRun with a fractional batch', () => client.experiments.dryRun({ schedule: { ...schedule, pretrain: { ...schedule.pretrain, batch: 2.5 } } }), 'schedule.pretrain.batch'],
    ['runs.pause with no id', () => client.runs.pause({} as never), 'id'],
    ['metrics.append with no points', () => client.metrics.append({ runId: 1, points: [] }), 'points'],
    [
      'metrics.append with a NaN-like value',
      () => client.metrics.append({ runId: 1, points: [{ key: 'loss', step: 0, tokens: 0, wallTime: 0, value: Infinity }] }),
      'points[0].value',
    ],
    [
      'metrics.append with a bad key',
      () => client.metrics.append({ runId: 1, points: [{ key: 'a b', step: 0, tokens: 0, wallTime: 0, value: 1 }] }),
      'points[0].key',
    ],
    ['metrics.seriesMany with from after to', () => client.metrics.seriesMany({ series: [{ runId: 1, key: 'loss' }, { runId: 1, key: 'loss', fromStep: 9, toStep: 3 }] }), 'series[1].fromStep'],
    ['metrics.seriesMany with too many buckets', () => client.metrics.seriesMany({ series: [{ runId: 1, key: 'loss' }], maxBuckets: 1e9 }), 'maxBuckets'],
    ['metrics.seriesMany with no series', () => client.metrics.seriesMany({ series: [] }), 'series'],
    ['checkpoints.list with a negative run', () => client.checkpoints.list({ runId: -3 }), 'runId'],
    // Issue 10, item 7: each of these was an INTERNAL_SERVER_ERROR, a silent strip or a 50 MB write.
    ['runs.create with a bigint in config', () => client.runs.create({ name: 'r', kind: 'pretrain', config: { n: 10n } }), 'config.n'],
    ['runs.create with NaN in config', () => client.runs.create({ name: 'r', kind: 'pretrain', config: { a: [1, NaN] } }), 'config.a[1]'],
    ['runs.create with a config over 1,000,000 characters', () => client.runs.create({ name: 'r', kind: 'pretrain', config: { blob: 'x'.repeat(1_000_001) } }), 'config'],
    ['runs.create with a misspelt field', () => client.runs.create({ name: 'r', kind: 'pretrain', tgas: [] } as never), 'tgas'],
    ['runs.create with a 201-character name', () => client.runs.create({ name: 'n'.repeat(201), kind: 'pretrain' }), 'name'],
    ['runs.create with a lone surrogate in its name', () => client.runs.create({ name: 'run \uD800', kind: 'pretrain' }), 'name'],
    ['runs.list with 40,000 statuses', () => client.runs.list({ status: Array.from({ length: 40_000 }, () => 'queued' as const) }), 'status'],
    ['experiments.create with a lone surrogate in the name', () => client.experiments.create({ schedule: { ...schedule, name: 'x \uDC00' } }), 'schedule.name'],
    ['experiments.create with a typo "brnaches"', () => client.experiments.create({ schedule: { ...schedule, brnaches: [] } as never }), 'schedule.brnaches'],
    ['datasets.importCorpus with a NUL byte in the path', () => client.datasets.importCorpus({ name: 'c', file: '/tmp/a\u0000.txt' }), 'file'],
    ['checkpoints.evaluate with 201 tasks', () => client.checkpoints.evaluate({ id: 1, tasks: Array.from({ length: 201 }, (_, i) => `t${i}`) }), 'tasks'],
  ]

  for (const [name, call, field] of cases) {
    it(`rejects ${name}, naming ${field}, and writes nothing`, async () => {
      handRun(store, { name: 'existing' })
      const before = JSON.stringify({ counts: store.counts(), runs: store.runs.list() })
      const error = await rejected(call())
      expect(error.code).toBe('BAD_REQUEST')
      expect(error.data.issues.map((i) => i.path)).toContain(field)
      expect(error.message).toContain(`${field}: `)
      expect(JSON.stringify({ counts: store.counts(), runs: store.runs.list() })).toBe(before)
    })
  }

  it('refuses a config nested 1,500 levels with BAD_REQUEST at the 64th level, and writes nothing', async () => {
    let config: Record<string, unknown> = {}
    for (let i = 0; i < 1500; i++) config = { a: config }
    const error = await rejected(client.runs.create({ name: 'deep', kind: 'pretrain', config }))
    expect(error.code).toBe('BAD_REQUEST')
    expect(error.data.issues[0]).toEqual({ path: `config${'.a'.repeat(64)}`, message: 'nests deeper than 64 levels' })
    expect(store.counts().runs).toBe(0)
  })

  it('accepts a config nested 60 levels (under the bound)', async () => {
    let config: Record<string, unknown> = { leaf: 1 }
    for (let i = 0; i < 60; i++) config = { a: config }
    expect((await client.runs.create({ name: 'deep-ok', kind: 'pretrain', config })).config).toEqual(config)
  })

  // Issue 10, item 7: unknown ids were INTERNAL_SERVER_ERROR (foreign key) or an empty list.
  const missing: [string, () => Promise<unknown>, string][] = [
    ['runs.create with an unknown experimentId', () => client.runs.create({ name: 'r', kind: 'pretrain', experimentId: 999 }), 'Experiment 999 does not exist'],
    ['runs.create with an unknown parentCheckpointId', () => client.runs.create({ name: 'r', kind: 'finetune', parentCheckpointId: 998 }), 'Checkpoint 998 does not exist'],
    ['runs.list of an unknown experiment', () => client.runs.list({ experimentId: 997 }), 'Experiment 997 does not exist'],
    ['checkpoints.list of an unknown run', () => client.checkpoints.list({ runId: 996 }), 'Run 996 does not exist'],
    ['metrics.keys of an unknown run', () => client.metrics.keys({ runId: 995 }), 'Run 995 does not exist'],
    ['metrics.seriesMany of an unknown run', () => client.metrics.seriesMany({ series: [{ runId: 994, key: 'loss' }] }), 'Run 994 does not exist'],
    ['evaluations.list of an unknown checkpoint', () => client.evaluations.list({ checkpointId: 993 }), 'Checkpoint 993 does not exist'],
    ['evaluations.forExperiment of an unknown experiment', () => client.evaluations.forExperiment({ experimentId: 992 }), 'Experiment 992 does not exist'],
    ['evaluations.itemsForExperiment of an unknown experiment', () => client.evaluations.itemsForExperiment({ experimentId: 991 }), 'Experiment 991 does not exist'],
  ]
  for (const [name, call, message] of missing)
    it(`answers ${name} with NOT_FOUND naming the id, and writes nothing`, async () => {
      const error = await rejected(call())
      expect(error.code).toBe('NOT_FOUND')
      expect(error.message).toBe(message)
      expect(store.counts()).toEqual({ experiments: 0, runs: 0, checkpoints: 0, metricPoints: 0 })
    })

  it('makes the same experiment once however often it is created (no lone surrogate reaches the store)', async () => {
    const first = await client.experiments.create({ schedule: { ...schedule, name: 'twice é 😀' } })
    const again = await client.experiments.create({ schedule: { ...schedule, name: 'twice é 😀' } })
    expect(first.created).toBe(true)
    expect(again).toMatchObject({ created: false, experiment: { id: first.experiment.id } })
    expect(store.counts().experiments).toBe(1)
  })

  it('accepts a well-formed payload and fills defaults', async () => {
    const run = await client.runs.create({ name: 'ok', kind: 'finetune' })
    expect(run).toMatchObject({ name: 'ok', kind: 'finetune', status: 'queued', seed: 0, tags: [], notes: '', config: {} })
  })

  it('reads several series in one call, in the order asked, as columns', async () => {
    const run = await client.runs.create({ name: 'curves', kind: 'pretrain' })
    const points = [0, 1, 2, 3].flatMap((step) => [
      { key: 'loss', step, tokens: step * 8, wallTime: 100 + step, value: 4 - step },
      { key: 'lr', step, tokens: step * 8, wallTime: 100 + step, value: step / 10 },
    ])
    await client.metrics.append({ runId: run.id, points })
    const [lr, loss, none] = await client.metrics.seriesMany({
      series: [{ runId: run.id, key: 'lr', fromStep: 2 }, { runId: run.id, key: 'loss' }, { runId: run.id, key: 'nothing' }],
      maxBuckets: 3,
    })
    expect(lr).toMatchObject({ key: 'lr', pointCount: 2, buckets: { fromStep: [2, 3], toStep: [2, 3], count: [1, 1], min: [0.2, 0.3], max: [0.2, 0.3], last: [0.2, 0.3], lastStep: [2, 3], lastTokens: [16, 24], lastWallTime: [102, 103] } })
    expect(loss).toMatchObject({ key: 'loss', pointCount: 4, buckets: { fromStep: [0, 2], toStep: [1, 3], count: [2, 2], min: [3, 1], max: [4, 2], last: [3, 1] } })
    expect(none).toMatchObject({ key: 'nothing', pointCount: 0, buckets: { count: [] } })
  })

  it('turns an append to a missing run into NOT_FOUND without writing', async () => {
    const error = await rejected(client.metrics.append({ runId: 42, points: [{ key: 'loss', step: 0, tokens: 0, wallTime: 0, value: 1 }] }))
    expect(error.code).toBe('NOT_FOUND')
    expect(store.counts().metricPoints).toBe(0)
  })

  it('formats issue paths the way a user reads them', () => {
    expect(formatPath(['branches', 1, 'replay', 0])).toBe('branches[1].replay[0]')
    expect(formatPath([])).toBe('(input)')
    expect(formatPath([{ key: 'a' }, { key: 2 }])).toBe('a[2]')
  })
})
