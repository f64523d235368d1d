/**
 * One owner per data folder, with real services, real SQLite and real worker processes: a
 * second process on the folder is a reader (it flips no job, launches nothing, sees progress
 * live and its pause reaches the owner), it takes over when the owner goes, and recovery
 * stops a live orphan before it marks the job interrupted.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createExperiment } from '../../electron/core/experiments/create'
import { forkWorker } from '../../electron/core/runner/worker-process'
import { processStartTime, isAlive } from '../../electron/core/ownership/process-identity'
import { REPLY_WAIT_MS } from '../../electron/core/ownership/remote-control'
import { openService, type Service } from '../../electron/core/service'
import { TrainJobSpec, type AppEvent } from '../../shared'
import { tinyJob } from '../helpers/job-files'
import { waitFor } from '../helpers/processes'
import { tempDir } from '../helpers/temp'
import { tinySchedule } from '../helpers/tiny-schedule'

const dir = tempDir()
afterAll(() => dir.cleanup())
const open: Service[] = []
afterEach(async () => {
  for (const s of open.splice(0)) await s.shutdown().catch(() => s.close())
}, 60_000)

const serviceOn = (data: string, options: Parameters<typeof openService>[1] = {}) => {
  const s = openService(data, { concurrency: 1, ...options })
  open.push(s)
  return s
}
const lastLossStep = (s: Service, runId: number) =>
  (s.store.db.prepare("SELECT max(m.step) AS n FROM metrics m JOIN metric_series x ON x.id = m.series_id WHERE x.run_id = ? AND x.key = 'train/loss'").get(runId) as { n: number | null }).n ?? 0

describe('two processes on one data folder', () => {
  it('makes the second a reader: no job flips to interrupted, nothing launches, progress is live, and its pause and resume reach the owner', async () => {
    const data = join(dir.path, 'two')
    const owner = serviceOn(data)
    const { runIds } = await createExperiment(owner.store, data, tinySchedule('two', 3000, 500))
    owner.runner.wake()
    const runId = runIds[0]!
    await waitFor('the owner to train', () => lastLossStep(owner, runId) >= 5, 60_000)
    const pid = owner.store.jobs.forRun(runId)!.pid

    const reader = serviceOn(data, { role: 'serve' })
    const seen: AppEvent[] = []
    reader.events.listen((e) => void seen.push(e))
    // Before the fix, opening the folder marked the running job interrupted.
    expect(reader.owner()).toMatchObject({ self: false, pid: process.pid, role: 'serve' })
    expect(owner.owner()).toMatchObject({ self: true })
    expect(reader.store.jobs.forRun(runId)).toMatchObject({ status: 'running', pid })
    expect(reader.runner.running).toEqual([])

    await waitFor('live progress in the reader', () => seen.some((e) => e.type === 'metrics.appended' && e.runId === runId) && seen.some((e) => e.type === 'run.progress' && e.runId === runId), 20_000)
    await reader.jobs.pause(runId)
    await waitFor('the owner to pause the job', () => owner.store.runs.get(runId).status === 'paused', 60_000)
    const pausedAt = owner.store.checkpoints.latest(runId)!.step
    expect(pausedAt).toBeGreaterThanOrEqual(5)
    expect(pausedAt % 500).not.toBe(0) // a pause checkpoint at the current step, not a planned one
    await waitFor('the reader to see the pause', () => seen.some((e) => e.type === 'run.changed' && e.run.id === runId && e.run.status === 'paused'), 10_000)
    expect(reader.runner.running).toEqual([])

    // A request the owner refuses comes back to the reader with the owner's reason.
    await reader.jobs.resume(runId)
    await waitFor('the owner to resume', () => owner.store.runs.get(runId).status === 'running', 30_000)
    await reader.jobs.cancel(runId)
    await waitFor('the owner to cancel', () => owner.store.runs.get(runId).status === 'cancelled', 60_000)
    await expect(reader.jobs.pause(987654)).rejects.toThrow('Run 987654 does not exist')
  }, 180_000)

  it('lets a reader take over when the owner goes, and only then recover and run', async () => {
    const data = join(dir.path, 'takeover')
    const owner = serviceOn(data)
    const { runIds } = await createExperiment(owner.store, data, tinySchedule('takeover', 3000, 500))
    owner.runner.wake()
    const runId = runIds[0]!
    await waitFor('the owner to train', () => lastLossStep(owner, runId) >= 5, 60_000)
    const reader = serviceOn(data)
    const changes: AppEvent[] = []
    reader.events.listen((e) => void (e.type === 'owner.changed' && changes.push(e)))
    await owner.shutdown()
    expect(owner.store.db.open).toBe(false)
    await waitFor('the takeover', () => reader.owner().self, 5_000)
    await reader.ready
    expect(changes).toEqual([{ type: 'owner.changed', owner: expect.objectContaining({ self: true, pid: process.pid }) }])
    expect(reader.store.runs.get(runId).status).toBe('paused')
    await reader.jobs.resume(runId)
    await waitFor('the new owner to run it', () => reader.runner.running.includes(runId), 30_000)
    await reader.jobs.cancel(runId)
    await reader.runner.idle()
    expect(reader.store.runs.get(runId).status).toBe('cancelled')
  }, 180_000)

  it('never touches jobs from a process that may not own (a dry run), even with no owner', async () => {
    const data = join(dir.path, 'dry')
    const first = serviceOn(data, { autoStart: false })
    const { runIds } = await createExperiment(first.store, data, tinySchedule('dry', 10))
    // A job left `running` by a dead owner: a dry run must leave it for the next owner to recover.
    first.store.jobs.transition(first.store.jobs.forRun(runIds[0]!)!.id, 'running', { pid: 999_999_999, pidStart: '1' })
    first.close()
    const dry = serviceOn(data, { mayOwn: false })
    await new Promise((r) => setTimeout(r, 1500))
    expect(dry.owner().self).toBe(false)
    expect(dry.store.jobs.forRun(runIds[0]!)!.status).toBe('running')
  }, 60_000)
})

describe('a reader whose request the owner does not answer in time', () => {
  it('is told it was not applied, and the owner never applies it later; a request past its deadline is refused', async () => {
    const data = join(dir.path, 'stalled')
    const owner = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../helpers/owner-process.ts'), data], { stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      let out = ''
      owner.stdout!.on('data', (c: Buffer) => void (out += c.toString('utf8')))
      const { runId } = JSON.parse(await waitFor('the owner process', () => out.split('\n').find((l) => l.startsWith('{')), 60_000)) as { runId: number }
      const reader = serviceOn(data)
      expect(reader.owner()).toMatchObject({ self: false, pid: owner.pid, role: 'cli' })

      // The owner, stopped, cannot answer: the reader gives up after REPLY_WAIT_MS.
      process.kill(owner.pid!, 'SIGSTOP')
      const asked = Date.now()
      await expect(reader.jobs.cancel(runId)).rejects.toThrow(`did not answer the cancel request for run ${runId} within ${REPLY_WAIT_MS / 1000} s, so it was withdrawn and not applied`)
      expect(Date.now() - asked).toBeGreaterThanOrEqual(REPLY_WAIT_MS)
      // A request whose reader died before its deadline passed: still pending, but overdue.
      const orphan = reader.store.controlRequests.add('cancel', runId, Date.now() - 1, 999_999)
      process.kill(owner.pid!, 'SIGCONT')
      await waitFor('the owner to see the overdue request', () => reader.store.controlRequests.get(orphan.id)?.expiredAt != null, 10_000)
      // Several of the owner's polls later, neither was applied.
      await new Promise((r) => setTimeout(r, 1_000))
      expect(reader.store.jobs.forRun(runId)).toMatchObject({ status: 'queued' })
      expect(reader.store.runs.get(runId).status).toBe('queued')
      expect(reader.store.db.prepare('SELECT count(*) AS n FROM control_requests WHERE handled_at IS NOT NULL').get()).toEqual({ n: 0 })

      // An owner that answers in time applies the request, and the reader hears so.
      await reader.jobs.cancel(runId)
      expect(reader.store.runs.get(runId).status).toBe('cancelled')
    } finally {
      process.kill(owner.pid!, 'SIGCONT')
      owner.kill('SIGTERM')
    }
  }, 90_000)
})

describe('recovery', () => {
  it('stops a live orphaned worker (SIGTERM) before marking its job interrupted; a reused pid is not killed', async () => {
    const data = join(dir.path, 'orphan')
    const first = serviceOn(data, { autoStart: false })
    const { runIds } = await createExperiment(first.store, data, tinySchedule('orphan', 10))
    // A real worker, busy training, whose runner "died": its row says running with its pid and start time.
    const worker = forkWorker()
    const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => worker.onExit(resolve))
    const spec = TrainJobSpec.parse(tinyJob(dir.path, { steps: 100_000, checkpoints: { every: null, at: [] }, checkpointDir: join(dir.path, 'orphan-ckpt') }))
    let started = false
    worker.onMessage((m) => void (m.type === 'progress' && (started = true)))
    worker.send({ type: 'start', spec, resumeFrom: null })
    await waitFor('the orphan to train', () => started, 60_000)
    const orphanJob = first.store.jobs.forRun(runIds[0]!)!
    first.store.jobs.transition(orphanJob.id, 'running', { pid: worker.pid!, pidStart: processStartTime(worker.pid!) })
    // A second running row whose pid is alive but is another process (this one, other start time).
    const second = await createExperiment(first.store, data, tinySchedule('reused', 10))
    const reusedJob = first.store.jobs.forRun(second.runIds[0]!)!
    first.store.jobs.transition(reusedJob.id, 'running', { pid: process.pid, pidStart: '1' })
    first.close()

    const next = serviceOn(data, { autoStart: false })
    await next.ready
    const { signal } = await exit
    expect(signal).toBe('SIGTERM')
    expect(isAlive({ pid: worker.pid!, startTime: null })).toBe(false)
    expect(next.store.jobs.get(orphanJob.id)).toMatchObject({ status: 'interrupted', pid: null, pidStart: null })
    expect(next.store.jobs.get(reusedJob.id)).toMatchObject({ status: 'interrupted' })
    expect(isAlive({ pid: process.pid, startTime: null })).toBe(true)
  }, 120_000)
})

describe('a store error at launch', () => {
  it('kills the just-forked worker, leaves the job queued, tells the user, and runs it once the store is writable', async () => {
    const data = join(dir.path, 'readonly')
    const s = serviceOn(data, { autoStart: false })
    const { runIds } = await createExperiment(s.store, data, tinySchedule('readonly', 10))
    const errors: string[] = []
    s.events.listen((e) => void (e.type === 'runner.error' && errors.push(e.message)))
    const forked: number[] = []
    // The real launcher; the store turns read-only between preparing the job and recording its launch.
    const launcher = s.runner['options'].launcher
    s.runner['options'].launcher = () => {
      s.store.db.pragma('query_only = 1')
      const h = launcher()
      forked.push(h.pid!)
      return h
    }
    s.runner.wake()
    await s.runner.idle()
    expect(errors).toEqual([expect.stringContaining('The job queue stopped: attempt to write a readonly database')])
    expect(forked).toHaveLength(1)
    expect(isAlive({ pid: forked[0]!, startTime: null })).toBe(false)
    s.store.db.pragma('query_only = 0')
    expect(s.store.jobs.forRun(runIds[0]!)).toMatchObject({ status: 'queued', pid: null })
    s.runner['options'].launcher = launcher
    s.runner.wake()
    await s.runner.idle()
    expect(s.store.runs.get(runIds[0]!).status).toBe('completed')
  }, 120_000)
})
