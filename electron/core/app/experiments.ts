/**
 * What the router and the CLI both do with a schedule: plan it (the dry run's jobs, tokens and
 * time) and create it (the experiment's runs, each announced). This file sits above
 * experiments/; the runner uses only run-lifecycle.ts and records.ts, which sit below it.
 */
import { dryRun, type EvalPlan, type Executor, type ExperimentSchedule, type Run } from '../../../shared'
import { evaluateCheckpoint } from '../experiments/checkpoint-actions'
import { checkReferences, createExperiment, expand, taskSizes } from '../experiments/create'
import type { SuiteAccess } from '../experiments/known-tasks'
import { estimateThroughput } from '../experiments/throughput'
import type { JobControl } from '../runner/runner'
import type { Store } from '../store'
import type { App } from './app'
import { announceRun } from './run-lifecycle'

/** A schedule's jobs, checked against the store's datasets, with the estimate of tokens and time. */
export async function planExperiment(store: Store, dataDir: string, schedule: ExperimentSchedule, suites: SuiteAccess = 'materialize') {
  await checkReferences(schedule, store, dataDir, suites)
  const jobs = expand(schedule, await taskSizes(store, dataDir, schedule, suites))
  const throughput = estimateThroughput(store, schedule.model)
  return { jobs, throughput, estimate: dryRun(jobs, throughput.tokensPerSecond) }
}

/** Creates the experiment (or finds the same one again) and announces each of its runs. */
export async function addExperiment(app: App, dataDir: string, schedule: unknown, executor: Executor = 'local'): ReturnType<typeof createExperiment> {
  const result = await createExperiment(app.store, dataDir, schedule, { executor })
  for (const id of result.runIds) announceRun(app, id)
  return result
}

/** Queues an evaluation run for one checkpoint and announces it. */
export function queueEvaluation(app: App, jobs: Pick<JobControl, 'enqueue'>, checkpointId: number, plan: Partial<EvalPlan>): Run {
  return announceRun(app, evaluateCheckpoint(app.store, jobs, checkpointId, plan).id)
}
