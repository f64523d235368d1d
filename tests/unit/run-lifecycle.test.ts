/**
 * One run lifecycle (issue 13, part 3): a run's status is held once, in its job, and read
 * from there; each write through the application layer (electron/core/app) publishes its
 * event exactly once, whether the router, the runner or the CLI made it.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EventHub } from '../../electron/core/service'
import { interruptJob, transitionJob } from '../../electron/core/app/run-lifecycle'
import { StoreWatch } from '../../electron/core/ownership/store-watch'
import { Store } from '../../electron/core/store'
import type { AppEvent, ExperimentScheduleInput, JobStatus } from '../../shared'
import { routerClient } from '../helpers/router-client'
import { tempDir } from '../helpers/temp'

const dir = tempDir()
afterAll(() => dir.cleanup())

let store: Store
let events: EventHub
let published: AppEvent[]
let unlisten: () => void

beforeEach(() => {
  store = Store.open(':memory:')
  events = new EventHub(10_000)
  published = []
  unlisten = events.listen((e) => published.push(e))
})
afterEach(() => {
  unlisten()
  store.close()
})

const app = () => ({ store, events })
const handMade = (name = 'r') => store.runs.create({ experimentId: null, name, kind: 'pretrain', config: {}, parentCheckpointId: null, seed: 0, tags: [], notes: '' })
const rawRunStatus = (id: number) => (store.db.prepare('SELECT status FROM runs WHERE id = ?').get(id) as { status: string }).status
const changes = () => published.flatMap((e) => (e.type === 'run.changed' ? [e.run] : []))

describe("a run's status", () => {
  it("is its job's after every transition, read the same by get, summary and list, and written only in the job", () => {
    const run = handMade()
    const job = store.jobs.create(run.id)
    const path: JobStatus[] = ['running', 'paused', 'queued', 'running', 'failed', 'queued', 'running', 'completed']
    for (const [i, status] of path.entries()) {
      const returned = transitionJob(app(), job.id, status, status === 'running' ? { started: true } : {})
      expect(returned.status).toBe(status)
      expect(store.jobs.get(job.id).status).toBe(status)
      expect(store.runs.get(run.id).status).toBe(status)
      expect(store.runs.summary(run.id).status).toBe(status)
      expect(store.runs.list({ status: [status] }).map((r) => r.id)).toEqual([run.id])
      expect(store.runs.list({ status: ['cancelled'] })).toEqual([])
      // One event per transition, carrying the status the store now reads.
      expect(changes().map((r) => r.status)).toEqual(path.slice(0, i + 1))
      // Never written twice: the run's own column keeps its default for a run with a job.
      expect(rawRunStatus(run.id)).toBe('queued')
    }
    const done = store.runs.get(run.id)
    expect(store.jobs.get(job.id).attempts).toBe(3)
    expect(done.startedAt).not.toBeNull()
    expect(done.finishedAt).toBeGreaterThanOrEqual(done.startedAt!)
  })

  it('clears the finish time when a failed job is queued again, as the run column did', () => {
    const run = handMade()
    const job = store.jobs.create(run.id)
    transitionJob(app(), job.id, 'running', { started: true })
    expect(transitionJob(app(), job.id, 'failed').finishedAt).not.toBeNull()
    expect(transitionJob(app(), job.id, 'queued').finishedAt).toBeNull()
  })

  it('cannot be set on the run of a job, only on a run made by hand', () => {
    const hand = handMade('hand')
    expect(store.runs.setStatus(hand.id, 'completed').status).toBe('completed')
    expect(rawRunStatus(hand.id)).toBe('completed')
    const jobbed = handMade('jobbed')
    store.jobs.create(jobbed.id)
    expect(() => store.runs.setStatus(jobbed.id, 'completed')).toThrow(`Run ${jobbed.id} has a job, which holds its status`)
    expect(store.runs.get(jobbed.id).status).toBe('queued')
    expect(() => store.runs.setStatus(9_999, 'completed')).toThrow('Run 9999 does not exist')
  })

  it("reads the job's where a database written before holds a different value in the run's column", () => {
    // Before, the runner wrote both columns one after the other; a crash between them left them apart.
    const run = handMade()
    const job = store.jobs.create(run.id)
    store.jobs.transition(job.id, 'completed')
    store.db.prepare("UPDATE runs SET status = 'running' WHERE id = ?").run(run.id)
    expect(store.runs.get(run.id).status).toBe('completed')
    expect(store.runs.list({ status: ['running'] })).toEqual([])
  })

  it('becomes interrupted once at recovery, with one event', () => {
    const run = handMade()
    const job = store.jobs.create(run.id)
    transitionJob(app(), job.id, 'running', { pid: 123, started: true })
    published.length = 0
    expect(interruptJob(app(), job.id)).toMatchObject({ id: run.id, status: 'interrupted' })
    expect(interruptJob(app(), job.id)).toBeNull()
    expect(changes().map((r) => r.status)).toEqual(['interrupted'])
    expect(store.jobs.get(job.id)).toMatchObject({ status: 'interrupted', pid: null })
  })

  it("reaches a reader's store watch as the job's", () => {
    const run = handMade()
    const job = store.jobs.create(run.id)
    const watch = new StoreWatch(store, events)
    watch.poll(false)
    store.lifecycle.transition(job.id, 'paused')
    watch.poll(true)
    expect(changes().map((r) => [r.id, r.status])).toEqual([[run.id, 'paused']])
  })
})

describe('each write through the router publishes its event once', () => {
  const schedule: ExperimentScheduleInput = {
    name: 'once',
    model: { layers: 1, heads: 1, width: 8, context: 8, vocab: 257 },
    suite: { seed: 0, scale: 'tiny' },
    pretrain: { length: { steps: 10 }, batch: 2, lr: { kind: 'constant', lr: 1e-3 }, checkpoints: { kind: 'every', steps: 5 } },
    branches: [{ name: 'ft', from: 'all', tasks: ['nli'], length: { steps: 2 }, batch: 2, lr: { kind: 'constant', lr: 1e-3 } }],
  }
  const client = () => routerClient(store, { dataDir: dir.path, events })

  it('runs.create and runs.update: one run.changed each', async () => {
    const c = client()
    const run = await c.runs.create({ name: 'by hand', kind: 'pretrain' })
    await c.runs.update({ id: run.id, notes: 'noted' })
    expect(changes().map((r) => [r.id, r.notes])).toEqual([
      [run.id, ''],
      [run.id, 'noted'],
    ])
  })

  it('metrics.append: one metrics.appended counting the points written', async () => {
    const c = client()
    const run = await c.runs.create({ name: 'm', kind: 'pretrain' })
    const point = (key: string, step: number) => ({ key, step, tokens: step * 10, wallTime: 1_700_000_000_000 + step, value: step / 10 })
    expect(await c.metrics.append({ runId: run.id, points: [point('train/loss', 1), point('train/loss', 2), point('val/loss', 2)] })).toEqual({ written: 3 })
    events.flush()
    expect(published.filter((e) => e.type === 'metrics.appended')).toEqual([{ type: 'metrics.appended', runId: run.id, keys: ['train/loss', 'val/loss'], count: 3, lastStep: 2 }])
  })

  it('checkpoints.pin: one checkpoint.created', async () => {
    const c = client()
    const run = await c.runs.create({ name: 'p', kind: 'pretrain' })
    const checkpoint = store.checkpoints.create({ runId: run.id, step: 1, tokens: 10, path: `${dir.path}/ckpt-1`, bytes: 1, sha256: '0'.repeat(64) })
    await c.checkpoints.pin({ id: checkpoint.id, pinned: true })
    expect(published.filter((e) => e.type === 'checkpoint.created').map((e) => e.type === 'checkpoint.created' && [e.checkpoint.id, e.checkpoint.pinned])).toEqual([[checkpoint.id, true]])
  })

  it("experiments.create: one run.changed per run, each with its job's status", async () => {
    const c = client()
    const { runIds } = await c.experiments.create({ schedule })
    expect(runIds.length).toBeGreaterThan(1)
    expect(changes().map((r) => r.id)).toEqual(runIds)
    for (const r of changes()) expect(r.status).toBe(store.jobs.forRun(r.id)!.status)
  })
})
