import { sql as core } from './001-core'
import { sql as metrics } from './002-metrics'
import { sql as backendDetail } from './003-backend-detail'
import { sql as blockLevels } from './004-block-levels'
import { sql as datasetLearned } from './005-dataset-learned'
import { sql as processOwnership } from './006-process-ownership'

export interface Migration {
  version: number
  name: string
  sql: string
}

/** Ordered; a migration's version is its position. Never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'core', sql: core },
  { version: 2, name: 'metrics', sql: metrics },
  { version: 3, name: 'backend-detail', sql: backendDetail },
  { version: 4, name: 'block-levels', sql: blockLevels },
  { version: 5, name: 'dataset-learned', sql: datasetLearned },
  { version: 6, name: 'process-ownership', sql: processOwnership },
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length
