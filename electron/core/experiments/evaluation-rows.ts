/** An experiment's evaluations, each placed by its run, step and branch (what heatmaps and tables read). */
import { ExperimentSchedule, type EvaluationRow } from '../../../shared'
import type { Store } from '../store'

export function evaluationRows(store: Store, experimentId: number): EvaluationRow[] {
  const schedule = ExperimentSchedule.safeParse(store.experiments.get(experimentId).schedule)
  // Every job of an experiment builds its model from the schedule's config (prepare.ts), so the schedule's context is each run's.
  const context = schedule.success ? schedule.data.model.context : null
  const runs = new Map(store.runs.list({ experimentId }).map((r) => [r.id, r]))
  return store.evaluations.listByExperiment(experimentId).map((e) => {
    const run = runs.get(e.runId)!
    const { plan } = run
    return {
      ...e,
      runName: run.name,
      runKind: run.kind,
      seed: run.seed,
      tags: run.tags,
      trainedTask: plan?.task ?? null,
      replay: plan?.kind === 'finetune' ? plan.replay : null,
      fromStep: plan?.init.from === 'job' ? plan.init.step : null,
      context,
    }
  })
}
