/**
 * Following an experiment's runs to the end with a progress bar, whether this process owns
 * the data folder (its runner trains them) or is a reader (another process does, and the
 * progress comes from the store). A reader takes the folder over when the owner goes, then
 * continues the runs itself. Ctrl-C (or SIGTERM) pauses the running jobs at a checkpoint;
 * a second Ctrl-C quits at once (the workers then pause and exit by their parent watch).
 */
import cliProgress from 'cli-progress'
import type { AppEvent, Run } from '../../shared'
import { describeOwner } from '../core/ownership/folder-lock'
import type { Service } from '../core/service'

export type FollowOutcome =
  | { kind: 'done' }
  | { kind: 'interrupted'; wasRunning: number[] }
  | { kind: 'stopped-watching' }
  | { kind: 'halted'; message: string }

const FINAL: readonly Run['status'][] = ['completed', 'failed', 'cancelled']
const RESUMABLE: readonly Run['status'][] = ['paused', 'interrupted', 'failed']
const READER_POLL_MS = 500

/** Puts this experiment's stopped runs back in the queue; returns how many runs are left to finish. */
export async function continueRuns(service: Service, runIds: number[], statuses: readonly Run['status'][] = RESUMABLE): Promise<number> {
  let left = 0
  for (const id of runIds) {
    const status = service.store.runs.get(id).status
    if (status === 'completed' || status === 'cancelled') continue
    left += 1
    if (!statuses.includes(status)) continue
    try {
      await service.jobs.resume(id)
    } catch (error) {
      console.error(`run ${id}: could not resume: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  return left
}

export async function follow(service: Service, runIds: number[]): Promise<FollowOutcome> {
  const ours = new Set(runIds)
  const total = new Map<number, number>()
  const done = new Map<number, number>()
  for (const id of runIds) {
    const { plan } = service.store.runs.get(id)
    total.set(id, plan === null ? 0 : plan.kind === 'evaluate' ? plan.evaluateSteps.length : plan.steps)
    if (service.store.runs.get(id).status === 'completed') done.set(id, total.get(id)!)
  }
  const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0)
  const bar = new cliProgress.SingleBar(
    { format: ' {bar} {percentage}% | ETA {eta_formatted} | {runs} | {current}', hideCursor: true, etaBuffer: 200, fps: 5 },
    cliProgress.Presets.shades_classic,
  )
  let barOn = true
  const stopBar = () => {
    if (barOn) bar.stop()
    barOn = false
  }
  const say = (line: string) => {
    if (barOn) bar.stop()
    console.log(line)
    if (barOn) bar.start(sum(total), sum(done), { runs: status(), current: '' })
  }
  const status = () => {
    const runs = runIds.map((id) => service.store.runs.get(id).status)
    return `${runs.filter((s) => s === 'completed').length}/${runIds.length} runs done${runs.includes('failed') ? `, ${runs.filter((s) => s === 'failed').length} failed` : ''}`
  }
  bar.start(sum(total), sum(done), { runs: status(), current: 'starting…' })
  const unlisten = service.events.listen((e: AppEvent) => {
    if (e.type === 'run.progress' && ours.has(e.runId)) {
      done.set(e.runId, e.step)
      const name = service.store.runs.get(e.runId).name
      bar.update(sum(done), { runs: status(), current: `${name}: step ${e.step}/${e.totalSteps}${e.loss ? ` loss ${e.loss.toFixed(3)}` : ''}${e.tokensPerSecond ? ` ${Math.round(e.tokensPerSecond)} tok/s` : ''}` })
    } else if (e.type === 'run.changed' && ours.has(e.run.id)) {
      if (e.run.status === 'completed') done.set(e.run.id, total.get(e.run.id)!)
      bar.update(sum(done), { runs: status() })
    }
  })

  // Owner from the start, or since a takeover (then our stopped runs go back in the queue).
  let owning = service.owner().self
  let halted: string | null = null
  service.runner.onError((error) => (halted = error.message))
  if (!owning)
    service.onOwner(() => {
      say(`The previous owner is gone; this process now runs the data folder's jobs.`)
      void continueRuns(service, runIds, ['paused', 'interrupted']).then(() => {
        owning = true
        service.runner.wake()
      })
    })

  const state: { interrupted: { wasRunning: number[] } | null; stopWatching: boolean } = { interrupted: null, stopWatching: false }
  let wake: () => void = () => undefined
  const onSignal = () => {
    if (!service.owner().self) {
      state.stopWatching = true
      wake()
      return
    }
    if (state.interrupted) {
      // Second Ctrl-C: quit now. The workers see their parent go and pause and exit by themselves.
      console.log('\nQuitting at once; the workers pause at a checkpoint and exit on their own.')
      process.exit(130)
    }
    state.interrupted = { wasRunning: service.runner.running.filter((id) => ours.has(id)) }
    stopBar()
    // Cluster jobs need no owner: they go on, and the next run of the command catches up with them.
    const onCluster = state.interrupted.wasRunning.some((id) => service.store.jobs.forRun(id)?.executor === 'slurm')
    console.log(onCluster ? '\nLeaving the cluster jobs running…' : '\nPausing running jobs at a checkpoint… (Ctrl-C again to quit at once)')
    void service.runner.shutdown('pause').then(() => wake())
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    if (owning) service.runner.wake()
    else say(`${describeOwner(service.owner())} runs this data folder's jobs; following its progress (this process takes over if it stops). Ctrl-C stops watching; the jobs go on.`)
    for (;;) {
      if (state.interrupted) {
        await service.runner.idle()
        return { kind: 'interrupted', wasRunning: state.interrupted.wasRunning }
      }
      if (state.stopWatching) return { kind: 'stopped-watching' }
      if (owning) {
        await service.runner.idle()
        if (state.interrupted) continue
        if (halted) return { kind: 'halted', message: halted }
        return { kind: 'done' }
      }
      if (runIds.every((id) => FINAL.includes(service.store.runs.get(id).status))) return { kind: 'done' }
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, READER_POLL_MS)
      })
    }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    unlisten()
    stopBar()
  }
}

/** What happened to each job that was running when Ctrl-C came: "Paused" only if all of them paused. */
export function reportInterrupt(service: Service, wasRunning: number[], runIds: number[]): void {
  const lines = wasRunning.map((id) => {
    const run = service.store.runs.get(id)
    const step = service.store.checkpoints.latest(id)?.step
    if (run.status === 'paused') return { ok: true, text: `run ${id} (${run.name}): paused at step ${step ?? 0}` }
    if (run.status === 'completed') return { ok: true, text: `run ${id} (${run.name}): completed before it could pause` }
    const job = service.store.jobs.forRun(id)
    if (run.status === 'running' && job?.executor === 'slurm') return { ok: true, text: `run ${id} (${run.name}): goes on as Slurm job ${job.externalId ?? '(not submitted yet)'}`, cluster: true }
    const error = job?.error?.message
    return { ok: false, text: `run ${id} (${run.name}): ${run.status}${error ? `: ${error}` : ''}${step !== undefined ? `; its last checkpoint is at step ${step}` : ''}` }
  })
  const waiting = runIds.filter((id) => !wasRunning.includes(id) && ['queued', 'interrupted', 'paused'].includes(service.store.runs.get(id).status)).length
  for (const l of lines) console.log(`  ${l.text}`)
  if (lines.some((l) => 'cluster' in l)) console.log('\nThe cluster jobs go on. Run the same command again to catch up with them and continue.')
  else if (lines.every((l) => l.ok)) console.log(`\nPaused${waiting > 0 ? ` (${waiting} more runs were waiting)` : ''}. Run the same command again to resume.`)
  else console.log('\nNot every job paused (see above). Run the same command again to continue from the last checkpoints.')
}
