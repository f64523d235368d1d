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
  items: string | null
  truncated: number | null
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
  truncated: r.truncated,
  createdAt: r.created_at,
})

/** The column is written only by `record` (a validated array of finite numbers); anything else is refused loudly. */
function parseItems(text: string): number[] {
  const v: unknown = JSON.parse(text)
  if (!Array.isArray(v) || !v.every((x): x is number => typeof x === 'number')) throw new Error('evaluations.items holds something other than an array of numbers')
  return v
}

export function evaluationsRepo(db: Db) {
  // One cell per (checkpoint, task, split, format, shots, metric): re-evaluating replaces it.
  const upsert = db.prepare(
    `INSERT INTO evaluations (checkpoint_id, task, split, prompt_format, shots, metric, value, ci_low, ci_high, n, items, truncated, created_at)
     VALUES (@checkpointId, @task, @split, @promptFormat, @shots, @metric, @value, @ciLow, @ciHigh, @n, @items, @truncated, @now)
     ON CONFLICT (checkpoint_id, task, split, prompt_format, shots, metric) DO UPDATE SET
       value = excluded.value, ci_low = excluded.ci_low, ci_high = excluded.ci_high, n = excluded.n, items = excluded.items, truncated = excluded.truncated, created_at = excluded.created_at
     RETURNING *`,
  )
  const byCheckpoint = db.prepare<[number], Row>(
    'SELECT * FROM evaluations WHERE checkpoint_id = ? ORDER BY task, split, prompt_format, shots, metric',
  )

  const itemsByExperiment = db.prepare<[number], { id: number; items: string }>(
    `SELECT e.id, e.items FROM evaluations e
     JOIN checkpoints c ON c.id = e.checkpoint_id JOIN runs r ON r.id = c.run_id
     WHERE r.experiment_id = ? AND e.items IS NOT NULL`,
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
    /** `items` and `truncated` may be left out (a row recorded by hand, or before they were kept): stored as NULL, not counted. */
    record(input: Required<Omit<EvaluationCreate, 'items' | 'truncated'>> & Pick<EvaluationCreate, 'items' | 'truncated'>, now = Date.now()): Evaluation {
      return toEvaluation(upsert.get({ ...input, items: input.items ? JSON.stringify(input.items) : null, truncated: input.truncated ?? null, now }) as Row)
    },
    /** Per-example scores by evaluation id (the findings' paired comparisons); rows without them are absent. */
    itemsByExperiment(experimentId: number): Map<number, number[]> {
      return new Map(itemsByExperiment.all(experimentId).map((r) => [r.id, parseItems(r.items)]))
    },
    listByCheckpoint(checkpointId: number): Evaluation[] {
      return byCheckpoint.all(checkpointId).map(toEvaluation)
    },
  }
}
