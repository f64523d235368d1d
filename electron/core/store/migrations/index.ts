import { sql as core } from './001-core'
import { sql as metrics } from './002-metrics'
import { sql as backendDetail } from './003-backend-detail'
import { sql as blockLevels } from './004-block-levels'
import { sql as datasetLearned } from './005-dataset-learned'
import { sql as processOwnership } from './006-process-ownership'
import { sql as checkpointKind } from './007-checkpoint-kind'
import { run as relativePathsRun, sql as relativePaths } from './008-relative-checkpoint-paths'
import { sql as evaluationItems } from './009-evaluation-items'
import { sql as controlRequestDeadline } from './010-control-request-deadline'
import { run as runPlanRun, sql as runPlan } from './011-run-plan'
import { sql as jobExecutor } from './012-job-executor'
import { sql as evaluationTruncated } from './013-evaluation-truncated'
import type { Db } from '../database'

export interface Migration {
  version: number
  name: string
  sql: string
  /** Work SQL cannot do, after `sql`, given the data folder the store serves (if known). */
  run?: (db: Db, dataDir: string | undefined) => void
}

/** Ordered; a migration's version is its position. Never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'core', sql: core },
  { version: 2, name: 'metrics', sql: metrics },
  { version: 3, name: 'backend-detail', sql: backendDetail },
  { version: 4, name: 'block-levels', sql: blockLevels },
  { version: 5, name: 'dataset-learned', sql: datasetLearned },
  { version: 6, name: 'process-ownership', sql: processOwnership },
  { version: 7, name: 'checkpoint-kind', sql: checkpointKind },
  { version: 8, name: 'relative-checkpoint-paths', sql: relativePaths, run: relativePathsRun },
  { version: 9, name: 'evaluation-items', sql: evaluationItems },
  { version: 10, name: 'control-request-deadline', sql: controlRequestDeadline },
  { version: 11, name: 'run-plan', sql: runPlan, run: runPlanRun },
  { version: 12, name: 'job-executor', sql: jobExecutor },
  { version: 13, name: 'evaluation-truncated', sql: evaluationTruncated },
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length
