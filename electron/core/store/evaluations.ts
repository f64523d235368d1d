import type { Evaluation, EvaluationCreate } from '../../../shared'
import type { Db } from './database'

interface Row {
  id: number
  checkpoint_id: number
  task: string
  split: string
  prompt_format: Evaluation['promptFormat']
  shots: number
  metric: string
  value: number
  ci_low: number | null
  ci_high: number | null
  n: number
  created_at: number
}

const toEvaluation = (r: Row): Evaluation => ({
  id: r.id,
  checkpointId: r.checkpoint_id,
  task: r.task,
  split: r.split,
  promptFormat: r.prompt_format,
  shots: r.shots,
  metric: r.metric,
  value: r.value,
  ciLow: r.ci_low,
  ciHigh: r.ci_high,
  n: r.n,
  createdAt: r.created_at,
})

export function evaluationsRepo(db: Db) {
  // One cell per (checkpoint, task, split, format, shots, metric): re-evaluating replaces it.
  const upsert = db.prepare(
    `INSERT INTO evaluations (checkpoint_id, task, split, prompt_format, shots, metric, value, ci_low, ci_high, n, created_at)
     VALUES (@checkpointId, @task, @split, @promptFormat, @shots, @metric, @value, @ciLow, @ciHigh, @n, @now)
     ON CONFLICT (checkpoint_id, task, split, prompt_format, shots, metric) DO UPDATE SET
       value = excluded.value, ci_low = excluded.ci_low, ci_high = excluded.ci_high, n = excluded.n, created_at = excluded.created_at
     RETURNING *`,
  )
  const byCheckpoint = db.prepare<[number], Row>(
    'SELECT * FROM evaluations WHERE checkpoint_id = ? ORDER BY task, split, prompt_format, shots, metric',
  )

  const byExperiment = db.prepare<[number], Row & { run_id: number; step: number; tokens: number }>(
    `SELECT e.*, c.run_id, c.step, c.tokens FROM evaluations e
     JOIN checkpoints c ON c.id = e.checkpoint_id JOIN runs r ON r.id = c.run_id
     WHERE r.experiment_id = ? ORDER BY c.run_id, c.step, e.task, e.split, e.prompt_format, e.shots, e.metric`,
  )

  return {
    /** With each evaluation, the run and step of its checkpoint. */
    listByExperiment(experimentId: number): (Evaluation & { runId: number; step: number; tokens: number })[] {
      return byExperiment.all(experimentId).map((r) => ({ ...toEvaluation(r), runId: r.run_id, step: r.step, tokens: r.tokens }))
    },
    record(input: Required<EvaluationCreate>, now = Date.now()): Evaluation {
      return toEvaluation(upsert.get({ ...input, now }) as Row)
    },
    listByCheckpoint(checkpointId: number): Evaluation[] {
      return byCheckpoint.all(checkpointId).map(toEvaluation)
    },
  }
}
