/**
 * A run's life: made, edited, its job moved from status to status. Each write publishes one
 * `run.changed` with the run as the store now reads it (its status from its job).
 */
import type { JobStatus, Run, RunUpdate } from '../../../shared'
import type { TransitionDetails } from '../store/lifecycle'
import type { App } from './app'

const changed = (app: App, run: Run): Run => {
  app.events.publish({ type: 'run.changed', run })
  return run
}

/** A run made by hand (no plan, no job) or by an action that queues it next. */
export const createRun = (app: App, input: Parameters<App['store']['runs']['create']>[0]): Run => changed(app, app.store.runs.create(input))

export const updateRun = (app: App, patch: RunUpdate): Run => changed(app, app.store.runs.update(patch))

/** Publishes a run written elsewhere (the runs an experiment's creation wrote in one transaction). */
export const announceRun = (app: App, runId: number): Run => changed(app, app.store.runs.get(runId))

/** The one way a job's status changes: job and run in one transaction, then one event. */
export const transitionJob = (app: App, jobId: number, status: JobStatus, details: TransitionDetails = {}): Run =>
  changed(app, app.store.lifecycle.transition(jobId, status, details).run)

/** Recovery: the run, if its job was still running and is now interrupted. */
export function interruptJob(app: App, jobId: number): Run | null {
  const run = app.store.lifecycle.interrupt(jobId)
  return run && changed(app, run)
}

/** What the worker said it runs on (its `ready` message). */
export const reportBackend = (app: App, runId: number, backend: string, detail: NonNullable<Run['backendDetail']>): Run =>
  changed(app, app.store.runs.setBackend(runId, backend, detail))
