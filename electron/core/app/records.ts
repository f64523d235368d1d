/** What a run produces: metric points, checkpoints, evaluations. Each write publishes its one event. */
import type { Checkpoint, Evaluation, MetricPoint } from '../../../shared'
import type { App } from './app'

type CheckpointInput = Parameters<App['store']['checkpoints']['create']>[0]
type EvaluationInput = Parameters<App['store']['evaluations']['record']>[0]

/** Appends points (at least one) and publishes `metrics.appended`; returns how many were written. */
export function appendMetrics(app: App, runId: number, points: MetricPoint[]): number {
  const count = app.store.metrics.append(runId, points)
  app.events.publish({ type: 'metrics.appended', runId, keys: [...new Set(points.map((p) => p.key))], count, lastStep: Math.max(...points.map((p) => p.step)) })
  return count
}

export function recordCheckpoint(app: App, input: CheckpointInput): Checkpoint {
  const checkpoint = app.store.checkpoints.create(input)
  app.events.publish({ type: 'checkpoint.created', checkpoint })
  return checkpoint
}

/** Pinning changes a checkpoint the renderer shows: it is announced as checkpoint.created, as before. */
export function pinCheckpoint(app: App, id: number, pinned: boolean): Checkpoint {
  const checkpoint = app.store.checkpoints.setPinned(id, pinned)
  app.events.publish({ type: 'checkpoint.created', checkpoint })
  return checkpoint
}

export function recordEvaluation(app: App, input: EvaluationInput): Evaluation {
  const evaluation = app.store.evaluations.record(input)
  app.events.publish({ type: 'evaluation.created', evaluation })
  return evaluation
}
