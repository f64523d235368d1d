/**
 * Configs flattened to dotted keys (`optimizer.lr.peak`), and the keys on which runs differ.
 * Arrays are compared whole, as JSON; a key a run lacks counts as different.
 */
import type { Run } from '../../../shared/schemas/run'

export type Flat = Record<string, string>

/** What a run was set up with: an experiment's run its plan (under its key, as runs have always shown it), a run made by hand its config. */
export const runSettings = (run: Pick<Run, 'config' | 'plan'>): Record<string, unknown> => (run.plan ? { key: run.plan.key, plan: run.plan } : run.config)

export function flattenConfig(value: unknown, prefix = '', out: Flat = {}): Flat {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>)
    if (entries.length === 0 && prefix) out[prefix] = '{}'
    for (const [k, v] of entries) flattenConfig(v, prefix ? `${prefix}.${k}` : k, out)
    return out
  }
  if (prefix) out[prefix] = typeof value === 'string' ? value : JSON.stringify(value)
  return out
}

export interface ConfigDiff {
  keys: string[]
  /** One flattened config per run, in the given order. */
  values: Flat[]
  sameCount: number
}

export function diffConfigs(configs: readonly unknown[]): ConfigDiff {
  const values = configs.map((c) => flattenConfig(c))
  const all = [...new Set(values.flatMap((v) => Object.keys(v)))].sort()
  const keys = all.filter((k) => values.some((v) => v[k] !== values[0]![k]))
  return { keys, values, sameCount: all.length - keys.length }
}
