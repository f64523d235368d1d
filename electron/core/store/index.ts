/**
 * The store: the single writer of Continuum's SQLite database. All SQL lives in this folder,
 * one file per domain; everything else calls these repositories.
 */
import { checkpointsRepo } from './checkpoints'
import { controlRequestsRepo } from './control-requests'
import { openDatabase, type Db, type OpenOptions } from './database'
import { datasetsRepo } from './datasets'
import { evaluationsRepo } from './evaluations'
import { experimentsRepo } from './experiments'
import { jobsRepo } from './jobs'
import { lifecycleRepo } from './lifecycle'
import { COARSEST_LEVEL } from './metric-blocks'
import { schemaVersion } from './migrate'
import { metricsRepo } from './metrics'
import { runsRepo } from './runs'
import { seriesRepo } from './series'

export interface StoreCounts {
  experiments: number
  runs: number
  checkpoints: number
  metricPoints: number
}

export class Store {
  readonly experiments
  readonly runs
  readonly metrics
  readonly series
  readonly checkpoints
  readonly evaluations
  readonly datasets
  readonly jobs
  /** Job transitions with their run's times: the one writer of a status (lifecycle.ts). */
  readonly lifecycle
  readonly controlRequests

  private constructor(
    readonly db: Db,
    readonly path: string,
    dataDir: string | undefined,
  ) {
    this.experiments = experimentsRepo(db)
    this.runs = runsRepo(db)
    this.metrics = metricsRepo(db)
    this.series = seriesRepo(db)
    this.checkpoints = checkpointsRepo(db, dataDir)
    this.evaluations = evaluationsRepo(db)
    this.datasets = datasetsRepo(db)
    this.jobs = jobsRepo(db)
    this.lifecycle = lifecycleRepo(db, this.jobs, this.runs)
    this.controlRequests = controlRequestsRepo(db)
  }

  static open(path: string, options?: OpenOptions): Store {
    return new Store(openDatabase(path, options), path, options?.dataDir)
  }

  get schemaVersion(): number {
    return schemaVersion(this.db)
  }

  counts(): StoreCounts {
    const count = (table: string) => (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    // Summed from the coarsest block level so this stays O(series), not O(points).
    const points = this.db.prepare('SELECT coalesce(sum(count), 0) AS n FROM metric_blocks WHERE level = ?').get(COARSEST_LEVEL) as { n: number }
    return { experiments: count('experiments'), runs: count('runs'), checkpoints: count('checkpoints'), metricPoints: points.n }
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}
