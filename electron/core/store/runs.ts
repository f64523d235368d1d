import { RunPlan, type Run, type RunCreate, type RunListFilter, type RunStatus, type RunSummary, type RunUpdate } from '../../../shared'
import { AppError, notFound } from '../errors'
import type { Db } from './database'
import { fromJson, toJson } from './json'

interface Row {
  id: number
  experiment_id: number | null
  name: string
  kind: Run['kind']
  /** The run's status: its job's if it has one, else the runs column (see RUN_STATUS). */
  effective_status: RunStatus
  config: string
  plan: string | null
  plan_key: string | null
  parent_checkpoint_id: number | null
  backend: string | null
  backend_detail: string | null
  seed: number
  tags: string
  notes: string
  created_at: number
  started_at: number | null
  finished_at: number | null
  updated_at: number
}

interface SummaryRow extends Row {
  tokens_seen: number | null
  last_step: number | null
  checkpoint_count: number
}

const toRun = (r: Row): Run => ({
  id: r.id,
  experimentId: r.experiment_id,
  name: r.name,
  kind: r.kind,
  status: r.effective_status,
  config: fromJson(r.config),
  // Parsed here once, so no reader casts it; only validated plans are written (create, migration 11).
  plan: r.plan === null ? null : RunPlan.parse(fromJson(r.plan)),
  parentCheckpointId: r.parent_checkpoint_id,
  backend: r.backend,
  backendDetail: r.backend_detail === null ? null : fromJson(r.backend_detail),
  seed: r.seed,
  tags: fromJson(r.tags),
  notes: r.notes,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  updatedAt: r.updated_at,
})

const toSummary = (r: SummaryRow): RunSummary => ({
  ...toRun(r),
  tokensSeen: r.tokens_seen ?? 0,
  lastStep: r.last_step,
  checkpointCount: r.checkpoint_count,
})

/**
 * One place holds a run's status: a run with a job (every run of an experiment) has it in
 * jobs.status, which only the runner writes, through lifecycle.ts; runs.status is read only
 * for a run made by hand, which has no job (setStatus below refuses a run with one). Before
 * this, both columns held the same seven values and every transition wrote both; databases
 * written then agree, so they read the same. jobs.run_id is UNIQUE (indexed): one probe a run.
 */
const RUN_STATUS = 'coalesce(j.status, r.status)'
const RUN_FROM = 'FROM runs r LEFT JOIN jobs j ON j.run_id = r.id'
const RUN_SELECT = `SELECT r.*, ${RUN_STATUS} AS effective_status ${RUN_FROM}`

// Each series' last point is one index probe on (series_id, step), so the summary stays
// cheap however long the series are.
const SUMMARY_SELECT = /* sql */ `
  SELECT r.*, ${RUN_STATUS} AS effective_status,
    (SELECT max(t) FROM (SELECT (SELECT m.tokens FROM metrics m WHERE m.series_id = s.id ORDER BY m.step DESC LIMIT 1) AS t
                         FROM metric_series s WHERE s.run_id = r.id)) AS tokens_seen,
    (SELECT max(st) FROM (SELECT (SELECT m.step FROM metrics m WHERE m.series_id = s.id ORDER BY m.step DESC LIMIT 1) AS st
                          FROM metric_series s WHERE s.run_id = r.id)) AS last_step,
    (SELECT count(*) FROM checkpoints c WHERE c.run_id = r.id) AS checkpoint_count
  ${RUN_FROM}`

const FINAL_STATUSES: ReadonlySet<RunStatus> = new Set(['completed', 'failed', 'cancelled'])

export function runsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO runs (experiment_id, name, kind, config, plan, plan_key, parent_checkpoint_id, seed, tags, notes, created_at, updated_at)
     VALUES (@experimentId, @name, @kind, @config, @plan, @planKey, @parentCheckpointId, @seed, @tags, @notes, @now, @now)`,
  )
  const byId = db.prepare<[number], Row>(`${RUN_SELECT} WHERE r.id = ?`)
  const byPlanKey = db.prepare<[number, string], Row>(`${RUN_SELECT} WHERE r.experiment_id = ? AND r.plan_key = ?`)
  const summaryById = db.prepare<[number], SummaryRow>(`${SUMMARY_SELECT} WHERE r.id = ?`)
  const statusStamps = db.prepare<[], { id: number; status: RunStatus; updatedAt: number }>(`SELECT r.id, ${RUN_STATUS} AS status, r.updated_at AS updatedAt ${RUN_FROM}`)
  // When a run started and finished follows its status, wherever the status is held.
  const STAMPS = `updated_at = @now,
       started_at = CASE WHEN @status = 'running' AND started_at IS NULL THEN @now ELSE started_at END,
       finished_at = CASE WHEN @final THEN @now ELSE NULL END,
       backend = coalesce(@backend, backend)`
  const setStatus = db.prepare(`UPDATE runs SET status = @status, ${STAMPS} WHERE id = @id AND NOT EXISTS (SELECT 1 FROM jobs WHERE run_id = @id)`)
  const stamp = db.prepare(`UPDATE runs SET ${STAMPS} WHERE id = @id`)
  const hasJob = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM jobs WHERE run_id = ?')
  const stampParams = (id: number, status: RunStatus, options: { backend?: string; now?: number }) => ({
    id,
    status,
    final: FINAL_STATUSES.has(status) ? 1 : 0,
    backend: options.backend ?? null,
    now: options.now ?? Date.now(),
  })

  return {
    /** `plan` may be left out: a run made by hand has none. */
    create(input: Required<Omit<RunCreate, 'plan'>> & Pick<RunCreate, 'plan'>, now = Date.now()): Run {
      const plan = input.plan == null ? null : RunPlan.parse(input.plan)
      const { lastInsertRowid } = insert.run({
        ...input,
        config: toJson(input.config),
        plan: plan === null ? null : toJson(plan),
        planKey: plan?.key ?? null,
        tags: toJson(input.tags),
        now,
      })
      return this.get(Number(lastInsertRowid))
    },
    get(id: number): Run {
      const row = byId.get(id)
      if (!row) throw notFound('Run', id)
      return toRun(row)
    },
    /** Every run's status and last update: what a reader's store watch compares between polls. */
    statusStamps(): { id: number; status: RunStatus; updatedAt: number }[] {
      return statusStamps.all()
    },
    /** The run of an experiment planned under `key`, or null. */
    byPlanKey(experimentId: number, key: string): Run | null {
      const row = byPlanKey.get(experimentId, key)
      return row ? toRun(row) : null
    },
    summary(id: number): RunSummary {
      const row = summaryById.get(id)
      if (!row) throw notFound('Run', id)
      return toSummary(row)
    },
    list(filter: RunListFilter = {}): RunSummary[] {
      const where: string[] = []
      const params: unknown[] = []
      if (filter.experimentId !== undefined) {
        where.push('r.experiment_id = ?')
        params.push(filter.experimentId)
      }
      if (filter.status && filter.status.length > 0) {
        where.push(`${RUN_STATUS} IN (${filter.status.map(() => '?').join(', ')})`)
        params.push(...filter.status)
      }
      if (filter.search) {
        where.push(`(r.name LIKE ? ESCAPE '\\' OR r.notes LIKE ? ESCAPE '\\' OR r.tags LIKE ? ESCAPE '\\')`)
        const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        params.push(like, like, like)
      }
      const sql = `${SUMMARY_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.created_at DESC, r.id DESC`
      return db
        .prepare<unknown[], SummaryRow>(sql)
        .all(...params)
        .map(toSummary)
    },
    update(patch: RunUpdate, now = Date.now()): Run {
      const current = this.get(patch.id)
      db.prepare('UPDATE runs SET name = ?, tags = ?, notes = ?, updated_at = ? WHERE id = ?').run(
        patch.name ?? current.name,
        toJson(patch.tags ?? current.tags),
        patch.notes ?? current.notes,
        now,
        patch.id,
      )
      return this.get(patch.id)
    },
    /** What the worker reported it runs on (its `ready` message). */
    setBackend(id: number, backend: string, detail: NonNullable<Run['backendDetail']>, now = Date.now()): Run {
      db.prepare('UPDATE runs SET backend = ?, backend_detail = ?, updated_at = ? WHERE id = ?').run(backend, toJson(detail), now, id)
      return this.get(id)
    },
    setParent(id: number, checkpointId: number, now = Date.now()): Run {
      db.prepare('UPDATE runs SET parent_checkpoint_id = ?, updated_at = ? WHERE id = ?').run(checkpointId, now, id)
      return this.get(id)
    },
    /** The status of a run made by hand (no job). A run with a job takes its status from the job: refused. */
    setStatus(id: number, status: RunStatus, options: { backend?: string; now?: number } = {}): Run {
      if (setStatus.run(stampParams(id, status, options)).changes === 0) {
        this.get(id)
        if (hasJob.get(id)!.n > 0) throw new AppError('CONFLICT', `Run ${id} has a job, which holds its status; only the runner changes it (through its job).`)
      }
      return this.get(id)
    },
    /** A run's times (started, finished, updated) and backend after its job moved to `status`; the status itself stays in the job. */
    stamp(id: number, status: RunStatus, options: { backend?: string; now?: number } = {}): void {
      if (stamp.run(stampParams(id, status, options)).changes === 0) throw notFound('Run', id)
    },
  }
}
