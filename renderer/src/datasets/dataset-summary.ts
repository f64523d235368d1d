/** What the Datasets table shows of a dataset's stored meta, read defensively (meta is JSON). */
import type { Dataset } from '../../../shared/schemas/dataset'

export interface DatasetSummary {
  records: number | null
  format: string | null
  taskKind: string | null
  labels: string[]
  splits: { train: number; test: number; ood: number } | null
  warnings: string[]
}

const num = (v: unknown) => (typeof v === 'number' ? v : null)

export function summarizeDataset(d: Dataset): DatasetSummary {
  const m = d.meta
  const splits = m.splits && typeof m.splits === 'object' ? (m.splits as Record<string, unknown>) : null
  return {
    records: num(m.examples) ?? num(m.records),
    format: typeof m.format === 'string' ? m.format : null,
    taskKind: typeof m.taskKind === 'string' ? m.taskKind : null,
    labels: Array.isArray(m.labels) ? m.labels.filter((l): l is string => typeof l === 'string') : [],
    splits: splits ? { train: num(splits.train) ?? 0, test: num(splits.test) ?? 0, ood: num(splits.ood) ?? 0 } : null,
    warnings: Array.isArray(m.warnings) ? m.warnings.filter((w): w is string => typeof w === 'string') : [],
  }
}

export const formatBytes = (n: number): string => (n < 1024 ? `${n} B` : n < 2 ** 20 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 2 ** 20).toFixed(1)} MB`)

export const LEARNED_OPTIONS = [
  { value: 'unmarked', label: 'unmarked (inferred)' },
  { value: 'yes', label: 'learned' },
  { value: 'no', label: 'not learned' },
]
export const learnedValue = (l: boolean | null): string => (l === null ? 'unmarked' : l ? 'yes' : 'no')
export const learnedOf = (v: string | null): boolean | null => (v === 'yes' ? true : v === 'no' ? false : null)
