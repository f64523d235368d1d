/**
 * Turning a run of an experiment into the start message for its worker: the data files, the
 * checkpoint it branches from (which exists only once its parent job has run), where its own
 * checkpoints go, and its evaluation plan.
 */
import { join } from 'node:path'
import type { CorpusRef, EvalPlan, Run, TrainJobSpec, WorkerJobSpec } from '../../../shared'
import { ExperimentSchedule } from '../../../shared'
import { adamwOf } from '../../../shared/schemas/optimizer'
import { AppError } from '../errors'
import type { StartMessage } from '../runner/runner'
import type { Store } from '../store'
import { knownTasks, trainedTasks } from './known-tasks'
import { ensureSuite } from './suites'
import { HELD_OUT_FRACTION } from '../jobs/held-out'

export interface PrepareOptions {
  threads: number
}

export const runCheckpointDir = (dataDir: string, runId: number): string => join(dataDir, 'checkpoints', `run-${runId}`)

export async function prepareRun(store: Store, dataDir: string, run: Run, resumeFrom: string | null, o: PrepareOptions): Promise<StartMessage> {
  if (run.experimentId === null) throw new AppError('BAD_REQUEST', `Run ${run.id} belongs to no experiment; there is nothing to run.`)
  const schedule = ExperimentSchedule.parse(store.experiments.get(run.experimentId).schedule)
  const { plan } = run
  if (plan === null) throw new AppError('BAD_REQUEST', `Run ${run.id} was made by hand and has no planned job; there is nothing to run.`)
  const suite = schedule.suite ? await ensureSuite(dataDir, schedule.suite.seed, schedule.suite.scale) : null

  const corpusPath = (ref: CorpusRef): string => {
    if (ref === 'suite') {
      if (!suite) throw new AppError('BAD_REQUEST', 'The schedule uses the suite corpus but has no suite.')
      return suite.corpusPath
    }
    const d = store.datasets.list().find((x) => x.name === ref.dataset)
    if (!d || d.kind !== 'corpus') throw new AppError('NOT_FOUND', `No corpus dataset named "${ref.dataset}"; import it first.`)
    return d.path
  }
  const known = await knownTasks(store, dataDir, schedule)
  const unknownTask = (task: string) => new AppError('NOT_FOUND', `No task named "${task}" in the suite or the imported datasets.`)
  // Held-out loss: the lineage's pre-training corpus first (`val/loss`), then whatever other
  // corpus this run reads (its replay corpus, a continual phase's corpus).
  const corpusName = (ref: CorpusRef) => (ref === 'suite' ? 'suite' : ref.dataset)
  const touched = [schedule.pretrain.corpus, ...(plan.corpus ? [plan.corpus] : [])]
  const heldOut = [...new Map(touched.map((ref) => [corpusName(ref), { name: corpusName(ref), path: corpusPath(ref) }])).values()]
  const taskPath = (task: string): string => {
    const t = known.get(task)
    if (!t) throw unknownTask(task)
    return t.trainPath
  }
  // Suite tasks and imported ones through the same harness; an empty list means every suite
  // task and every imported task the schedule fine-tunes on.
  const evalPlan = (e: EvalPlan | null) => {
    if (!e) return null
    const { tasks: listed, ...settings } = e
    const names = listed.length > 0 ? listed : [...(suite ? suite.tasks.map((t) => t.id) : []), ...trainedTasks(schedule).filter((t) => known.get(t)?.source === 'dataset')]
    const picked = names.flatMap((n) => {
      if (n.startsWith('corpus:')) return [] // held-out corpus loss, recorded by the training job
      const t = known.get(n)
      if (!t) throw unknownTask(n)
      return [t]
    })
    const tasks = picked.filter((t) => t.source === 'suite').map((t) => t.name)
    const taskFiles = picked.flatMap((t) => (t.definitionPath ? [t.definitionPath] : []))
    if (tasks.length === 0 && taskFiles.length === 0) return null
    // Held-out loss rows: the corpora this run touches and any the plan names (`corpus:<name>`).
    const named = names.filter((n) => n.startsWith('corpus:')).map((n): CorpusRef => (n === 'corpus:suite' ? 'suite' : { dataset: n.slice('corpus:'.length) }))
    const corpora = [...new Map([...heldOut, ...named.map((ref) => ({ name: corpusName(ref), path: corpusPath(ref) }))].map((c) => [c.name, c])).values()]
    return { ...settings, suiteDir: tasks.length > 0 && suite ? suite.dir : null, tasks, taskFiles, corpora }
  }
  // The run whose checkpoint this one starts from (or, for an evaluation, evaluates).
  const parentCheckpoint = (step: number) => {
    if (plan.init.from !== 'job') return null
    const parentKey = plan.init.job
    const parent = store.runs.byPlanKey(run.experimentId!, parentKey)
    if (!parent) throw new AppError('NOT_FOUND', `Run ${run.id} depends on "${parentKey}", which is not in the experiment.`)
    const ckpt = store.checkpoints.atStep(parent.id, step)
    if (!ckpt) throw new AppError('NOT_FOUND', `Run ${parent.id} (${parent.name}) has no checkpoint at step ${step}.`)
    return ckpt
  }

  let spec: WorkerJobSpec
  if (plan.kind === 'evaluate') {
    const plan_ = evalPlan(plan.eval)
    if (!plan_) throw new AppError('BAD_REQUEST', `Run ${run.id} has nothing to evaluate: its plan names no task of the suite or the imported datasets.`)
    spec = {
      kind: 'evaluate',
      runId: run.id,
      checkpoints: plan.evaluateSteps.map((s) => parentCheckpoint(s)!.path),
      eval: plan_,
      seed: plan.seed,
      backend: schedule.backend,
    }
  } else {
    const from = parentCheckpoint(plan.init.from === 'job' ? plan.init.step : 0)
    if (from && run.parentCheckpointId !== from.id) store.runs.setParent(run.id, from.id)
    const train: TrainJobSpec = {
      kind: 'train',
      runId: run.id,
      phase: plan.kind,
      model: schedule.model,
      tokenizer: schedule.tokenizer,
      init: from ? { from: 'checkpoint', path: from.path } : { from: 'scratch' },
      data: { corpus: plan.corpus ? corpusPath(plan.corpus) : null, task: plan.task ? taskPath(plan.task) : null, replay: plan.replay, validationFraction: HELD_OUT_FRACTION, heldOut },
      steps: plan.steps,
      batch: plan.batch,
      accumulation: plan.accumulation,
      lr: plan.lr!,
      ...adamwOf(plan.optimizer),
      seed: plan.seed,
      checkpoints: { every: null, at: plan.checkpointSteps },
      checkpointDir: runCheckpointDir(dataDir, run.id),
      // Every run, fine-tunes included, records held-out loss `validation.points` times along the way (and at steps 0 and the end).
      evalEvery: Math.max(1, Math.round(plan.steps / plan.validation.points)),
      backend: schedule.backend,
      threads: o.threads,
      eval: evalPlan(plan.eval),
    }
    spec = train
  }
  return { type: 'start', spec, resumeFrom: plan.kind === 'evaluate' ? null : resumeFrom }
}
