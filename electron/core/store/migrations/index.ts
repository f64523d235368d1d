import { sql as core } from './001-core'
import { sql as metrics } from './002-metrics'

export interface Migration {
  version: number
  name: string
  sql: string
}

/** Ordered; a migration's version is its position. Never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'core', sql: core },
  { version: 2, name: 'metrics', sql: metrics },
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length
