import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { EventHub } from '../../electron/core/events/event-hub'
import { Runner } from '../../electron/core/runner/runner'
import { forkWorker, type WorkerHandle } from '../../electron/core/runner/worker-process'
import { Store } from '../../electron/core/store'
import { TrainJobSpec, type AppEvent, type Run, type TrainJobInput } from '../../shared'
import { tempDir } from '../helpers/temp'
import { tinyJob } from '../helpers/job-files'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const dir = tempDir()
afterAll(() => dir.cleanup())

let store: Store
let events: EventHub
let handles: WorkerHandle[]
/** Workers whose messages and exit their runner no longer hears (a runner that died). */
let deaf: Set<WorkerHandle>

beforeEach(() => {
  deaf = new Set()
  store = Store.open(':memory:')
  events = new EventHub(10)
  handles = []
})

function makeRunner(concurrency = 1, start = true) {
  const runner = new Runner(store, events, {
    concurrency,
    launcher: () => {
      const h = forkWorker()
      handles.push(h)
      return {
        get pid() {
          return h.pid
        },
        send: (m) => h.send(m),
        kill: (signal) => h.kill(signal),
        onMessage: (listener) => h.onMessage((m) => deaf.has(h) || listener(m)),
        onExit: (listener) => h.onExit((e) => deaf.has(h) || listener(e)),
      }
    },
    prepare: async (run: Run, resumeFrom) => ({ type: 'start', spec: TrainJobSpec.parse({ ...run.config, runId: run.id }), resumeFrom }),
    killAfterMs: 5_000,
  })
  if (start) void runner.start()
  return runner
}

function addRun(name: string, overrides: Partial<TrainJobInput> = {}): Run {
  const spec = tinyJob(dir.path, { checkpointDir: join(dir.path, name), ...overrides })
  return store.runs.create({ experimentId: null, name, kind: 'pretrain', config: spec as unknown as Record<string, unknown>, parentCheckpointId: null, seed: 3, tags: [], notes: '' })
}

const untilStep = (runId: number, step: number) =>
  new Promise<void>((resolve) => {
    const stop = events.listen((e: AppEvent) => {
      if (e.type === 'run.progress' && e.runId === runId && e.step >= step) {
        stop()
        resolve()
      }
    })
  })

const lossSteps = (runId: number) =>
  (store.db.prepare("SELECT m.step FROM metrics m JOIN metric_series s ON s.id = m.series_id WHERE s.run_id = ? AND s.key = 'train/loss' ORDER BY m.step").all(runId) as { step: number }[]).map((r) => r.step)

describe('runner with worker processes', () => {
  it('runs jobs in dependency order and records metrics, checkpoints and backend', async () => {
    const runner = makeRunner(2)
    const a = addRun('dep-a', { steps: 4 })
    const b = addRun('dep-b', { steps: 3 })
    runner.enqueue(a.id)
    runner.enqueue(b.id, [a.id])
    await runner.idle()
    for (const run of [a, b]) expect(store.runs.get(run.id)).toMatchObject({ status: 'completed', backend: 'wasm', backendDetail: { runtime: { node: process.versions.node, tfjs: '4.22.0' } } })
    expect(store.runs.get(a.id).finishedAt!).toBeLessThanOrEqual(store.runs.get(b.id).startedAt!)
    expect(lossSteps(a.id)).toEqual([1, 2, 3, 4])
    expect(store.checkpoints.listByRun(a.id).map((c) => c.step)).toEqual([3, 4])
    expect(store.jobs.forRun(a.id)).toMatchObject({ status: 'completed', attempts: 1 })
  }, 60_000)

  it("publishes one run.changed per transition, each equal to the run's job, and one metric count per point written", async () => {
    const runner = makeRunner()
    const run = addRun('lifecycle', { steps: 4 })
    const seen: { status: string; job: string | undefined; backend: string | null }[] = []
    let announced = 0
    const stop = events.listen((e: AppEvent) => {
      // Read when published: the store already holds what the event says, in one place.
      if (e.type === 'run.changed' && e.run.id === run.id) seen.push({ status: e.run.status, job: store.jobs.forRun(run.id)?.status, backend: e.run.backend })
      if (e.type === 'metrics.appended' && e.runId === run.id) announced += e.count
    })
    runner.enqueue(run.id)
    await runner.idle()
    events.flush()
    stop()
    // Launched, the worker's backend reported, completed: three writes, three events.
    expect(seen).toEqual([
      { status: 'running', job: 'running', backend: null },
      { status: 'running', job: 'running', backend: 'wasm' },
      { status: 'completed', job: 'completed', backend: 'wasm' },
    ])
    // The status lives in the job: the run's own column was never written for it.
    expect(store.db.prepare('SELECT status FROM runs WHERE id = ?').get(run.id)).toEqual({ status: 'queued' })
    const points = store.db.prepare('SELECT count(*) AS n FROM metrics m JOIN metric_series s ON s.id = m.series_id WHERE s.run_id = ?').get(run.id) as { n: number }
    expect(points.n).toBeGreaterThan(4)
    expect(announced).toBe(points.n)
  }, 60_000)

  it('pauses at a checkpoint and resumes to the end without duplicate points', async () => {
    const runner = makeRunner()
    const run = addRun('pause', { steps: 300, checkpoints: { every: null, at: [] } })
    runner.enqueue(run.id)
    await untilStep(run.id, 5)
    runner.pause(run.id)
    await runner.idle()
    expect(store.runs.get(run.id).status).toBe('paused')
    const pausedAt = store.checkpoints.latest(run.id)!.step
    expect(pausedAt).toBeGreaterThanOrEqual(5)
    expect(pausedAt).toBeLessThan(300)
    // Saved only because of the pause: marked so, kept (files too) to resume from.
    const first = store.checkpoints.latest(run.id)!
    expect(first).toMatchObject({ kind: 'pause', pinned: false })
    expect(existsSync(first.path)).toBe(true)
    runner.resume(run.id)
    await untilStep(run.id, pausedAt + 5)
    runner.pause(run.id)
    await runner.idle()
    const second = store.checkpoints.latest(run.id)!
    expect(second.kind).toBe('pause')
    expect(second.step).toBeGreaterThan(pausedAt)
    store.checkpoints.setPinned(second.id, true)
    runner.resume(run.id)
    await runner.idle()
    expect(store.runs.get(run.id).status).toBe('completed')
    expect(lossSteps(run.id)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1))
    expect(store.jobs.forRun(run.id)!.attempts).toBe(3)
    // Completed: the unpinned pause checkpoint is gone, files and row; the pinned one stays.
    expect(store.checkpoints.listByRun(run.id).map((c) => [c.step, c.kind, c.pinned])).toEqual([
      [second.step, 'pause', true],
      [300, 'planned', false],
    ])
    expect(existsSync(first.path)).toBe(false)
    expect(existsSync(second.path)).toBe(true)
  }, 240_000)

  it('cancels a running job', async () => {
    const runner = makeRunner()
    const run = addRun('cancel', { steps: 5000 })
    runner.enqueue(run.id)
    await untilStep(run.id, 2)
    const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => handles[0]!.onExit(resolve))
    runner.cancel(run.id)
    await runner.idle()
    expect(store.runs.get(run.id).status).toBe('cancelled')
    // It stopped on request at the end of a step, not by being killed.
    expect(await exit).toMatchObject({ code: 0, signal: null })
    expect(lossSteps(run.id).length).toBeLessThan(5000)
  }, 60_000)

  it('fails a job whose worker is killed (SIGKILL), keeps its stderr tail, and resumes from the last checkpoint', async () => {
    const runner = makeRunner()
    const run = addRun('killed', { steps: 400, checkpoints: { every: 10, at: [] } })
    runner.enqueue(run.id)
    await untilStep(run.id, 25)
    handles[0]!.kill('SIGKILL')
    await runner.idle()
    const job = store.jobs.forRun(run.id)!
    expect(store.runs.get(run.id).status).toBe('failed')
    expect(job.error).toMatchObject({ kind: 'WORKER_EXIT', message: expect.stringContaining('signal SIGKILL, possibly out of memory') })
    const from = store.checkpoints.latest(run.id)!.step
    expect(from).toBeGreaterThanOrEqual(20)
    runner.resume(run.id)
    await runner.idle()
    expect(store.runs.get(run.id).status).toBe('completed')
    expect(lossSteps(run.id)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1))
  }, 120_000)

  it('after a restart, marks jobs that were running as interrupted and resumes them', async () => {
    const first = makeRunner()
    const run = addRun('restart', { steps: 300, checkpoints: { every: 10, at: [] } })
    first.enqueue(run.id)
    await untilStep(run.id, 15)
    // The app dies: the worker is gone and the old runner never hears of it. The old runner
    // is deafened first: it lives on in this process, and hearing the exit while the new one
    // recovers made the job `failed` before recovery could mark it (flaky, 1 run in 3).
    deaf.add(handles[0]!)
    const gone = new Promise((resolve) => handles[0]!.onExit(resolve))
    handles[0]!.kill('SIGKILL')
    await gone
    expect(store.jobs.forRun(run.id)!.status).toBe('running')
    ;(first as unknown as { active: Map<number, unknown> }).active.clear()

    const second = makeRunner(1, false)
    const interrupted = await second.start()
    expect(interrupted.map((r) => [r.id, r.status])).toEqual([[run.id, 'interrupted']])
    second.resume(run.id)
    await second.idle()
    expect(store.runs.get(run.id).status).toBe('completed')
    expect(lossSteps(run.id)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1))
  }, 120_000)

  it('fails a job that cannot be prepared, with the reason, and goes on with the next', async () => {
    const runner = new Runner(store, events, {
      concurrency: 1,
      launcher: forkWorker,
      prepare: async (run) => {
        if (run.name === 'broken') throw new Error('the parent checkpoint is missing')
        return { type: 'start', spec: TrainJobSpec.parse({ ...run.config, runId: run.id }), resumeFrom: null }
      },
    })
    void runner.start()
    const broken = addRun('broken')
    const fine = addRun('fine', { steps: 2 })
    runner.enqueue(broken.id)
    runner.enqueue(fine.id)
    await runner.idle()
    expect(store.jobs.forRun(broken.id)).toMatchObject({ status: 'failed', error: { message: 'the parent checkpoint is missing' } })
    expect(store.runs.get(fine.id).status).toBe('completed')
  }, 60_000)
})
