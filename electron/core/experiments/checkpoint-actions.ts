/**
 * What the checkpoint browser does with a checkpoint: generate text from it, evaluate it on
 * the suite's missing cells, export its folder, delete it.
 */
import { cp, rm } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { existsSync } from 'node:fs'
import type { Checkpoint, GenerateRequest, Run, RunPlan } from '../../../shared'
import { EvalPlan, ExperimentSchedule, idlePlan } from '../../../shared'
import { AppError } from '../errors'
import type { JobControl, Runner } from '../runner/runner'
import type { Sample } from '../runner/sample-worker'
import type { Store } from '../store'

/** Text from a checkpoint, sampled in a worker of the runner's (Runner.generate: its deadline and cancellation). */
export function generateFromCheckpoint(
  store: Store,
  runner: Pick<Runner, 'generate'>,
  id: number,
  request: GenerateRequest,
  signal?: AbortSignal,
): Promise<Sample> {
  const checkpoint = store.checkpoints.get(id)
  return runner.generate({ kind: 'sample', checkpoint: checkpoint.path, backend: 'auto', ...request }, signal ? { signal } : {})
}

/** Queues an evaluation run for one checkpoint of an experiment (the heatmap's missing cells). */
export function evaluateCheckpoint(store: Store, runner: Pick<JobControl, 'enqueue'>, id: number, plan: Partial<EvalPlan>): Run {
  const evalPlan = EvalPlan.parse(plan)
  const checkpoint = store.checkpoints.get(id)
  if (checkpoint.kind === 'pause')
    throw new AppError('BAD_REQUEST', `Checkpoint ${id} was saved by a pause at step ${checkpoint.step}, to resume from; it is not one of the run's planned checkpoints. Evaluate a planned one.`)
  const owner = store.runs.get(checkpoint.runId)
  if (owner.experimentId === null) throw new AppError('BAD_REQUEST', `Checkpoint ${id} belongs to run ${owner.id}, which is not part of an experiment with a task suite.`)
  const schedule = ExperimentSchedule.parse(store.experiments.get(owner.experimentId).schedule)
  if (!schedule.suite && !schedule.branches.length && !schedule.sequences.length && !evalPlan.tasks.length)
    throw new AppError('BAD_REQUEST', `The experiment of checkpoint ${id} has no task suite and fine-tunes no task; name the tasks to evaluate on.`)
  if (owner.plan === null) throw new AppError('BAD_REQUEST', `Checkpoint ${id} belongs to run ${owner.id}, which was made by hand and has no planned job to evaluate beside.`)
  const ownerKey = owner.plan.key
  const key = `${ownerKey}/evaluate-step-${checkpoint.step}-${Date.now()}`
  const runPlan: RunPlan = {
    ...idlePlan(owner.seed),
    key,
    name: `evaluate ${owner.name} at step ${checkpoint.step}`,
    kind: 'evaluate',
    dependsOn: [],
    init: { from: 'job', job: ownerKey, step: checkpoint.step },
    steps: 0,
    batch: 0,
    lr: null,
    eval: evalPlan,
    evaluateSteps: [checkpoint.step],
    tokens: 0,
    tags: ['evaluate'],
  }
  const run = store.runs.create({
    experimentId: owner.experimentId,
    name: runPlan.name,
    kind: 'evaluate',
    config: {},
    plan: runPlan,
    parentCheckpointId: checkpoint.id,
    seed: owner.seed,
    tags: ['evaluate'],
    notes: '',
  })
  runner.enqueue(run.id)
  return run
}

export async function exportCheckpoint(store: Store, id: number, destination: string): Promise<string> {
  const checkpoint = store.checkpoints.get(id)
  if (!existsSync(checkpoint.path)) throw new AppError('NOT_FOUND', `The folder of checkpoint ${id} is gone: ${checkpoint.path}`)
  const target = join(resolve(destination), `run-${checkpoint.runId}-${basename(checkpoint.path)}`)
  if (existsSync(target)) throw new AppError('CONFLICT', `${target} already exists.`)
  try {
    await cp(checkpoint.path, target, { recursive: true, errorOnExist: true })
  } catch (error) {
    await rm(target, { recursive: true, force: true }).catch(() => undefined)
    throw new AppError('IO', `Could not export to ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  return target
}

/** Deletes a checkpoint's folder and row (its evaluations go with it). Refused while a queued or running job needs it. */
export async function deleteCheckpoint(store: Store, id: number): Promise<Checkpoint> {
  const checkpoint = store.checkpoints.get(id)
  const needed = store.runs
    .list({ status: ['queued', 'running', 'paused', 'interrupted'] })
    .filter((r) => r.parentCheckpointId === id || (r.id === checkpoint.runId && r.status !== 'paused'))
  if (needed.length > 0) throw new AppError('CONFLICT', `Checkpoint ${id} is still needed by ${needed.map((r) => `run ${r.id} (${r.name}, ${r.status})`).join(', ')}.`)
  store.checkpoints.delete(id)
  await rm(checkpoint.path, { recursive: true, force: true })
  return checkpoint
}
