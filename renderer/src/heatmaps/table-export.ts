/** Any table the heatmaps and the checkpoint browser show, as CSV or JSON files. */
import { downloadBlob, fileSlug } from '../charts/export-data'
import type { Heatmap } from './heatmap-model'

export type Cell = string | number | boolean | null

function csvCell(value: Cell): string {
  if (value === null) return ''
  const text = String(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(columns: readonly string[], rows: readonly Cell[][]): string {
  return [columns.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n'
}

export function toJsonRecords(columns: readonly string[], rows: readonly Cell[][]): Record<string, Cell>[] {
  return rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null])))
}

/** `truncated`: prompts longer than the model's `context` (tokens), which lost their beginning; empty when not counted. */
export const HEATMAP_COLUMNS = ['checkpoint_id', 'row', 'run_id', 'run', 'step', 'from_step', 'replay', 'trained_task', 'task', 'metric', 'value', 'score', 'base', 'ci_low', 'ci_high', 'n', 'truncated', 'context', 'evaluated']

export function heatmapTable(h: Heatmap): Cell[][] {
  return h.cells.map((c) => {
    const r = h.rows[c.row]!
    return [c.checkpointId, r.label, r.runId, r.runName, r.step, r.fromStep, r.replay, r.trainedTask, c.task, h.metric, c.value, c.score, c.base, c.ciLow, c.ciHigh, c.n, c.truncated, c.context, c.evaluated]
  })
}

export function downloadTable(title: string, format: 'csv' | 'json', columns: readonly string[], rows: readonly Cell[][], extra: Record<string, unknown> = {}): void {
  const name = fileSlug(title)
  if (format === 'csv') downloadBlob(new Blob([toCsv(columns, rows)], { type: 'text/csv' }), `${name}.csv`)
  else downloadBlob(new Blob([JSON.stringify({ table: title, ...extra, exportedAt: new Date().toISOString(), rows: toJsonRecords(columns, rows) }, null, 2)], { type: 'application/json' }), `${name}.json`)
}
