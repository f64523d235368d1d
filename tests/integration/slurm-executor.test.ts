/**
 * The Slurm executor end to end against a real one-node Slurm 22.05 on localhost (issue 15;
 * tests/helpers/slurm-cluster.ts starts and stops it). A small schedule (a pre-train with
 * checkpoints at steps 20 and 40, a fine-tune from each) runs through sbatch: dependencies are
 * honoured (a fine-tune starts on the node after the pre-train ended), metrics and checkpoints
 * are ingested from the event logs (checkpoints copied into the data folder), the owner is
 * closed mid-run and a new one catches up, one job is cancelled, one killed with
 * `scancel --batch --signal=KILL` and resumed, and the store ends loss for loss equal to a local run
 * of the same schedule; a job is paused and resumed; the CLI is interrupted with Ctrl-C (its
 * cluster job goes on) and run again to catch up. Failure modes: an unknown partition (Slurm's own message), a node
 * command that does not exist (the job's output file), a corrupt event-log line (skipped,
 * named, ingest goes on). CONTINUUM_REQUIRE_SLURM=1 (.ci/run) makes a missing Slurm a failure.
 */
import { spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ClusterProfile, type ClusterProfileInput, type ExperimentScheduleInput } from '../../shared'
import { clusterProfilePath } from '../../electron/core/system/cluster-profile-file'
import { EVENT_LOG } from '../../electron/core/cluster/event-log'
import { createExperiment } from '../../electron/core/experiments/create'
import { openService, type Service } from '../../electron/core/service'
import { resolvedCheckpointPath } from '../../electron/core/store/checkpoint-paths'
import { readStore, startCli } from '../helpers/fault-processes'
import { startSlurmCluster, slurmMissing, type SlurmCluster } from '../helpers/slurm-cluster'
import { tempDir } from '../helpers/temp'

const missing = slurmMissing()
const required = process.env.CONTINUUM_REQUIRE_SLURM === '1'
const suite = missing && !required ? describe.skip : describe

const schedule = (name: string): ExperimentScheduleInput => ({
  name,
  model: { layers: 2, heads: 2, width: 32, context: 32, vocab: 257, dropout: 0 },
  suite: { seed: 0, scale: 'tiny' },
  pretrain: { checkpoints: { kind: 'at', steps: [20, 40] }, length: { steps: 40 }, batch: 8, lr: { kind: 'constant', lr: 0.003 } },
  branches: [{ name: 'ft', from: 'all', tasks: ['reverse'], length: { steps: 20 }, batch: 8, lr: { kind: 'constant', lr: 0.001 }, eval: { tasks: ['reverse'], splits: ['test'], maxExamples: 4 } }],
  // An evaluate job too: its checkpoints are staged inputs, mapped back to the store's.
  baseEval: { tasks: ['reverse'], splits: ['test'], maxExamples: 4 },
  backend: 'wasm',
})

const dir = tempDir('continuum-slurm-test-')
const SLURM = { executor: 'slurm' } as const
let cluster: SlurmCluster | null = null
const opened: Service[] = []
// The executor's warnings (a skipped log line) go to the console, as the app's do.
const warned = () => vi.mocked(console.warn).mock.calls.map((c) => String(c[0]))

beforeAll(async () => {
  if (missing) throw new Error(`CONTINUUM_REQUIRE_SLURM=1 but Slurm cannot run here: ${missing}`)
  vi.spyOn(console, 'warn')
  cluster = await startSlurmCluster()
  process.env.SLURM_CONF = cluster.conf
}, 60_000)

afterAll(async () => {
  for (const s of opened) s.close()
  await cluster?.stop()
  delete process.env.SLURM_CONF
  dir.cleanup()
}, 60_000)

const profile = (over: Partial<ClusterProfileInput> = {}): ClusterProfile =>
  ClusterProfile.parse({ clusterDir: join(dir.path, 'cluster'), partition: 'debug', cpusPerJob: 1, nodeCommand: [process.execPath], maxParallel: 2, pollSeconds: 0.3, timeLimit: '10', ...over })

/** A service on `data`; with a profile, saved where Settings saves it, which is where the service finds its cluster. */
function open(data: string, p: ClusterProfile | null): Service {
  if (p) {
    mkdirSync(data, { recursive: true })
    writeFileSync(clusterProfilePath(data), JSON.stringify(p))
  }
  const service = openService(data, {
    autoStart: false,
    // One thread a job on both sides: the local run's cores are shared as the cluster's CPUs are.
    cores: 1,
    concurrency: 2,
  })
  opened.push(service)
  return service
}

function close(service: Service): void {
  service.close()
  opened.splice(opened.indexOf(service), 1)
}

async function waitFor(what: string, ok: () => boolean, ms = 90_000): Promise<void> {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

type Losses = Record<string, [number, number][]>
function losses(service: Service, experimentId: number): Losses {
  const out: Losses = {}
  for (const r of service.store.runs.list({ experimentId })) {
    out[r.name] = service.store.db
      .prepare("SELECT m.step AS step, m.value AS value FROM metrics m JOIN metric_series s ON s.id = m.series_id WHERE s.run_id = ? AND s.key = 'train/loss' ORDER BY m.step")
      .all(r.id)
      .map((row) => {
        const { step, value } = row as { step: number; value: number }
        return [step, value]
      })
  }
  return out
}

/** Every evaluation of an experiment as "run kind, step, task, metric = value", sorted. */
const scores = (service: Service, experimentId: number): string[] =>
  service.store.db
    .prepare('SELECT r.kind AS kind, c.step AS step, e.task AS task, e.metric AS metric, e.value AS value FROM evaluations e JOIN checkpoints c ON c.id = e.checkpoint_id JOIN runs r ON r.id = c.run_id WHERE r.experiment_id = ?')
    .all(experimentId)
    .map((row) => {
      const { kind, step, task, metric, value } = row as { kind: string; step: number; task: string; metric: string; value: number }
      return `${kind} ${step} ${task} ${metric} = ${value}`
    })
    .sort()

const runByKind = (service: Service, experimentId: number, kind: string) => {
  const run = service.store.runs.list({ experimentId }).find((r) => r.kind === kind)
  if (!run) throw new Error(`no ${kind} run in experiment ${experimentId}: ${service.store.runs.list({ experimentId }).map((r) => r.name).join(', ')}`)
  return run
}

/** One pre-train long enough (300 steps, ~10 s) to be stopped between its checkpoints. */
const long = (name: string): ExperimentScheduleInput => ({ ...schedule(name), pretrain: { ...schedule(name).pretrain, checkpoints: { kind: 'every', steps: 20 }, length: { steps: 300 } }, branches: [] })

function scontrolTimes(id: string): { start: string; end: string } {
  const out = spawnSync('scontrol', ['show', 'job', '-o', id], { encoding: 'utf8' }).stdout
  return { start: /StartTime=(\S+)/.exec(out)?.[1] ?? '', end: /EndTime=(\S+)/.exec(out)?.[1] ?? '' }
}

let reference: Losses = {}
let longReference: Losses | null = null

/** The long schedule's losses run locally (once for the tests that compare with it). */
async function longLocal(): Promise<Losses> {
  if (longReference) return longReference
  const local = open(join(dir.path, 'local-long'), null)
  const ref = await createExperiment(local.store, local.dataDir, long('long'))
  local.runner.wake()
  await local.runner.idle()
  longReference = losses(local, ref.experiment.id)
  close(local)
  return longReference
}

suite('the Slurm executor', () => {
  it('runs a schedule on Slurm, survives the owner closing mid-run, and matches a local run loss for loss', async () => {
    const local = open(join(dir.path, 'local'), null)
    const ref = await createExperiment(local.store, local.dataDir, schedule('local'))
    local.runner.wake()
    await local.runner.idle()
    reference = losses(local, ref.experiment.id)
    const referenceScores = scores(local, ref.experiment.id)
    expect(Object.keys(reference)).toHaveLength(4)
    expect(referenceScores.filter((e) => e.startsWith('pretrain')).length).toBeGreaterThan(0)
    close(local)

    const data = join(dir.path, 'slurm')
    const first = open(data, profile())
    const { experiment } = await createExperiment(first.store, data, schedule('local'), SLURM)
    first.runner.wake()
    const pre = runByKind(first, experiment.id, 'pretrain')
    await waitFor('the pre-train to report on Slurm', () => (first.store.jobs.forRun(pre.id)?.ingestedSeq ?? 0) > 0)
    const submitted = first.store.jobs.forRun(pre.id)!
    expect(submitted).toMatchObject({ executor: 'slurm', status: 'running' })
    expect(submitted.externalId).toMatch(/^\d+$/)
    // The owner goes away while the job runs; a corrupt line lands in the log meanwhile.
    close(first)
    appendFileSync(join(submitted.jobDir!, EVENT_LOG), '{"seq": 1, "message": {"type": "metr\n')

    const second = open(data, profile())
    const liveMetrics = new Set<number>()
    second.events.listen((e) => {
      if (e.type === 'metrics.appended') liveMetrics.add(e.runId)
    })
    await second.ready
    second.runner.wake()
    await second.runner.idle()
    const runs = second.store.runs.list({ experimentId: experiment.id })
    expect(runs.map((r) => `${r.name}: ${r.status}`).sort()).toEqual(Object.keys(reference).map((n) => `${n}: completed`).sort())
    expect(losses(second, experiment.id)).toEqual(reference)
    expect(scores(second, experiment.id)).toEqual(referenceScores)
    expect(warned().some((w) => w.includes(`${join(submitted.jobDir!, EVENT_LOG)}:`) && w.includes('not JSON'))).toBe(true)
    // Live like a local run: the new owner published the points it ingested for every training run.
    const live = runs.filter((r) => r.kind !== 'evaluate' && !liveMetrics.has(r.id))
    expect(live.map((r) => r.name)).toEqual([])

    // Checkpoints are local copies; fine-tunes started on the node only after the pre-train ended.
    const checkpoints = runs.flatMap((r) => second.store.checkpoints.listByRun(r.id))
    expect(checkpoints.length).toBeGreaterThanOrEqual(4)
    for (const c of checkpoints) {
      const path = resolvedCheckpointPath(c.path, data)
      expect(path.startsWith(data), path).toBe(true)
      expect(existsSync(join(path, 'manifest.json')), path).toBe(true)
    }
    const preEnd = scontrolTimes(second.store.jobs.forRun(pre.id)!.externalId!).end
    for (const r of runs.filter((x) => x.id !== pre.id)) {
      const job = second.store.jobs.forRun(r.id)!
      expect(job.executor).toBe('slurm')
      expect(scontrolTimes(job.externalId!).start >= preEnd, `${r.name} started ${scontrolTimes(job.externalId!).start}, pre-train ended ${preEnd}`).toBe(true)
    }
    close(second)
  }, 240_000)

  it('cancels one job, and resumes one killed with scancel --batch --signal=KILL from its last checkpoint to the same losses', async () => {
    const expected = await longLocal()

    const data = join(dir.path, 'slurm-long')
    const service = open(data, profile())
    const killed = await createExperiment(service.store, data, long('long'), SLURM)
    const cancelled = await createExperiment(service.store, data, long('cancelled'), SLURM)
    service.runner.wake()
    const victim = runByKind(service, killed.experiment.id, 'pretrain')
    const other = runByKind(service, cancelled.experiment.id, 'pretrain')
    await waitFor('a checkpoint at step 40 ingested', () => service.store.checkpoints.atStep(victim.id, 40) !== undefined)
    const attempt = service.store.jobs.forRun(victim.id)!
    // --batch: a plain --signal=KILL of a step-less job is a cancel in Slurm 22.05 (SIGTERM, CANCELLED 0:15).
    const kill = spawnSync('scancel', ['--batch', '--signal=KILL', attempt.externalId!], { encoding: 'utf8' })
    expect(kill.status, kill.stderr).toBe(0)
    await waitFor('the cancelled run to be running', () => (service.store.jobs.forRun(other.id)?.ingestedSeq ?? 0) > 0)
    await service.jobs.cancel(other.id)
    await waitFor('the killed job to fail', () => service.store.jobs.forRun(victim.id)!.status === 'failed')
    const failed = service.store.jobs.forRun(victim.id)!
    expect(failed.error?.message).toMatch(/signal SIGKILL/)
    const lastBefore = service.store.checkpoints.latest(victim.id)!.step
    expect(lastBefore).toBeLessThan(300)

    await service.jobs.resume(victim.id)
    await waitFor('the resumed job to be submitted again', () => service.store.jobs.forRun(victim.id)!.externalId !== attempt.externalId)
    await service.runner.idle()
    const resumed = service.store.jobs.forRun(victim.id)!
    expect(resumed).toMatchObject({ status: 'completed', attempts: 2 })
    expect(resumed.jobDir).toMatch(/job-\d+-2$/)
    expect(losses(service, killed.experiment.id)).toEqual(expected)
    expect(service.store.jobs.forRun(other.id)!.status).toBe('cancelled')
    expect(service.store.runs.get(other.id).status).toBe('cancelled')

    // Pause (scancel --batch --signal=USR1): a pause checkpoint, then a resubmission from it.
    const paused = await createExperiment(service.store, data, long('paused'), SLURM)
    service.runner.wake()
    const sleeper = runByKind(service, paused.experiment.id, 'pretrain')
    await waitFor('a checkpoint at step 20 ingested', () => service.store.checkpoints.atStep(sleeper.id, 20) !== undefined)
    await service.jobs.pause(sleeper.id)
    await waitFor('the job to pause', () => service.store.jobs.forRun(sleeper.id)!.status === 'paused')
    const pauseStep = service.store.checkpoints.latest(sleeper.id)!
    // The job stopped at its last trained step, with a checkpoint there: a pause checkpoint, or
    // the planned one when the pause landed on a planned step (every 20th: one pause in 20).
    const stoppedAt = losses(service, paused.experiment.id)[sleeper.name]!.at(-1)![0]
    expect(pauseStep.step).toBe(stoppedAt)
    expect(pauseStep.kind).toBe(stoppedAt % 20 === 0 ? 'planned' : 'pause')
    expect(pauseStep.step).toBeLessThan(300)
    await service.jobs.resume(sleeper.id)
    await waitFor('the paused job to be submitted again', () => service.store.jobs.forRun(sleeper.id)!.status === 'running')
    await service.runner.idle()
    expect(service.store.jobs.forRun(sleeper.id)).toMatchObject({ status: 'completed', attempts: 2 })
    expect(Object.values(losses(service, paused.experiment.id))).toEqual(Object.values(expected))
    close(service)
  }, 240_000)

  it('runs from the CLI: Ctrl-C leaves the Slurm job running, and the same command again catches up to the same losses', async () => {
    const data = join(dir.path, 'cli')
    const scheduleFile = join(dir.path, 'cli-schedule.json')
    const profileFile = join(dir.path, 'cli-profile.json')
    writeFileSync(scheduleFile, JSON.stringify(long('long')))
    writeFileSync(profileFile, JSON.stringify({ clusterDir: join(dir.path, 'cluster'), partition: 'debug', cpusPerJob: 1, nodeCommand: [process.execPath], pollSeconds: 0.3 }))
    const args = ['--executor', 'slurm', '--cluster', profileFile]
    const db = join(data, 'continuum.db')
    const job = () => {
      try {
        return existsSync(db) ? readStore(db, (d) => d.prepare('SELECT status, ingested_seq AS seq, external_id AS id FROM jobs WHERE id = 1').get() as { status: string; seq: number; id: string | null } | undefined) : undefined
      } catch {
        return undefined // the CLI is still creating the schema
      }
    }
    const first = startCli(scheduleFile, data, 'CONTINUUM_SLURM_CLI', args)
    await waitFor(`the CLI's job to report (${first.output().slice(-400)})`, () => (job()?.seq ?? 0) > 0)
    process.kill(-first.pid, 'SIGINT')
    const exit = await first.exited
    expect(exit.code, first.output()).toBe(130)
    expect(first.output()).toMatch(/goes on as Slurm job \d+/)
    const state = spawnSync('squeue', ['-h', '-t', 'all', '-j', job()!.id!, '-o', '%T'], { encoding: 'utf8' }).stdout.trim()
    expect(['PENDING', 'RUNNING', 'COMPLETING', 'COMPLETED']).toContain(state)

    const second = startCli(scheduleFile, data, 'CONTINUUM_SLURM_CLI', args)
    const again = await second.exited
    expect(again.code, second.output()).toBe(0)
    expect(job()).toMatchObject({ status: 'completed', id: job()!.id })
    const store = openService(data, { autoStart: false, mayOwn: false })
    try {
      expect(Object.values(losses(store, 1))).toEqual(Object.values(await longLocal()))
    } finally {
      store.close()
    }
  }, 120_000)

  it('pauses a job still waiting in the queue by taking it out, and resumes it from the start', async () => {
    // Two CPUs a job on a two-CPU node: the second job waits in the queue (PENDING).
    const service = open(join(dir.path, 'queued'), profile({ cpusPerJob: 2 }))
    const running = await createExperiment(service.store, service.dataDir, long('running'), SLURM)
    const waiting = await createExperiment(service.store, service.dataDir, long('waiting'), SLURM)
    service.runner.wake()
    const first = runByKind(service, running.experiment.id, 'pretrain')
    const second = runByKind(service, waiting.experiment.id, 'pretrain')
    await waitFor('the first job to run and the second to wait in the queue', () => {
      const id = service.store.jobs.forRun(second.id)?.externalId
      return (service.store.jobs.forRun(first.id)?.ingestedSeq ?? 0) > 0 && id != null && spawnSync('squeue', ['-h', '-j', id, '-o', '%T'], { encoding: 'utf8' }).stdout.trim() === 'PENDING'
    })
    const queued = service.store.jobs.forRun(second.id)!.externalId!
    await service.jobs.pause(second.id)
    await waitFor('the queued job to pause', () => service.store.jobs.forRun(second.id)!.status === 'paused')
    expect(spawnSync('squeue', ['-h', '-t', 'all', '-j', queued, '-o', '%T'], { encoding: 'utf8' }).stdout.trim()).toBe('CANCELLED')
    expect(service.store.checkpoints.listByRun(second.id)).toEqual([])
    await service.jobs.cancel(first.id)
    await waitFor('the first job to be cancelled', () => service.store.jobs.forRun(first.id)!.status === 'cancelled')
    await service.jobs.resume(second.id)
    await service.runner.idle()
    expect(service.store.jobs.forRun(second.id)).toMatchObject({ status: 'completed', attempts: 2 })
    expect(losses(service, waiting.experiment.id)[second.name]).toHaveLength(300)
    close(service)
  }, 120_000)

  it('without a saved profile fails a job placed on Slurm by name, and leaves a running cluster job running', async () => {
    const data = join(dir.path, 'no-profile')
    const service = open(data, null)
    const { experiment } = await createExperiment(service.store, data, long('no-profile'), SLURM)
    const run = runByKind(service, experiment.id, 'pretrain')
    service.runner.wake()
    await service.runner.idle()
    const job = service.store.jobs.forRun(run.id)!
    expect(job).toMatchObject({ executor: 'slurm', status: 'failed' })
    expect(job.error).toMatchObject({ kind: 'CLUSTER', message: `Run ${run.id} is placed on slurm, but no cluster profile is saved for this data folder; add one in Settings (or give the CLI --cluster profile.json).` })
    // As if an owner with the profile had submitted it and gone: this owner cannot follow it, and
    // must not mark it interrupted (a resume would train it twice at once).
    service.store.jobs.transition(job.id, 'running', { error: null, started: true })
    service.store.jobs.place(job.id, { executor: 'slurm', externalId: '999999', jobDir: join(dir.path, 'nowhere') })
    close(service)
    const again = open(data, null)
    await again.ready
    expect(again.store.jobs.forRun(run.id)!.status).toBe('running')
    close(again)
  }, 60_000)

  it('fails a run with Slurm\'s own message when sbatch refuses, and with the output file when the node command is missing', async () => {
    const refused = open(join(dir.path, 'refused'), profile({ partition: 'nosuch' }))
    const a = await createExperiment(refused.store, refused.dataDir, long('refused'), SLURM)
    refused.runner.wake()
    await refused.runner.idle()
    const job = refused.store.jobs.forRun(runByKind(refused, a.experiment.id, 'pretrain').id)!
    expect(job.status).toBe('failed')
    expect(job.error?.message).toMatch(/^sbatch refused the job: sbatch: error: invalid partition specified: nosuch/)
    close(refused)

    const noNode = open(join(dir.path, 'no-node'), profile({ nodeCommand: ['/opt/no-such-node/bin/node'] }))
    const b = await createExperiment(noNode.store, noNode.dataDir, long('no-node'), SLURM)
    noNode.runner.wake()
    await noNode.runner.idle()
    const job2 = noNode.store.jobs.forRun(runByKind(noNode, b.experiment.id, 'pretrain').id)!
    expect(job2.status).toBe('failed')
    expect(job2.error?.message).toMatch(/code 127/)
    expect(job2.stderrTail).toMatch(/ended FAILED; the end of .*slurm\.out:\n.*\/opt\/no-such-node\/bin\/node: not found/s)
    close(noNode)
  }, 120_000)
})
