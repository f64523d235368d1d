import type { Experiment, ExperimentCreate, ExperimentSummary } from '../../../shared'
import { notFound } from '../errors'
import type { Db } from './database'
import { fromJson, toJson } from './json'

interface Row {
  id: number
  name: string
  description: string
  schedule: string | null
  created_at: number
}

const toExperiment = (r: Row): Experiment => ({
  id: r.id,
  name: r.name,
  description: r.description,
  schedule: r.schedule === null ? null : fromJson(r.schedule),
  createdAt: r.created_at,
})

export function experimentsRepo(db: Db) {
  const insert = db.prepare<[string, string, string | null, number]>(
    'INSERT INTO experiments (name, description, schedule, created_at) VALUES (?, ?, ?, ?)',
  )
  const byId = db.prepare<[number], Row>('SELECT * FROM experiments WHERE id = ?')
  const all = db.prepare<[], Row & { run_count: number }>(
    'SELECT e.*, (SELECT count(*) FROM runs r WHERE r.experiment_id = e.id) AS run_count FROM experiments e ORDER BY e.created_at DESC, e.id DESC',
  )

  return {
    create(input: Required<ExperimentCreate>, now = Date.now()): Experiment {
      const schedule = input.schedule === null ? null : toJson(input.schedule)
      const { lastInsertRowid } = insert.run(input.name, input.description, schedule, now)
      return this.get(Number(lastInsertRowid))
    },
    get(id: number): Experiment {
      const row = byId.get(id)
      if (!row) throw notFound('Experiment', id)
      return toExperiment(row)
    },
    list(): ExperimentSummary[] {
      return all.all().map((r) => ({ ...toExperiment(r), runCount: r.run_count }))
    },
  }
}
