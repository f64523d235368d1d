/**
 * What a chart shows, as files: CSV and JSON of its buckets (one row per bucket per line:
 * the bucket's last step, tokens and wall time, its last value, true min and max and point
 * count), and a download helper that works in Electron and in a browser.
 */
import { reportError } from '../api/report-error'
import type { Line, LineArrays } from './plot-data'
import { X_MODE_LABELS, type XMode } from './x-axis'

export interface ExportInput {
  title: string
  mode: XMode
  lines: readonly Line[]
  arrays: readonly LineArrays[]
  smoothing: number | null
}

const X_COLUMN: Record<XMode, string> = {
  step: 'x_step',
  tokens: 'x_tokens',
  wall: 'x_wall_seconds',
  branch: 'x_steps_since_branch',
}

function csvCell(value: string | number | null): string {
  if (value === null) return ''
  const text = String(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv({ mode, lines, arrays, smoothing }: ExportInput): string {
  const header = ['run_id', 'run', 'key', 'segment', X_COLUMN[mode], 'step', 'from_step', 'to_step', 'tokens', 'wall_time', 'last', 'min', 'max', 'count']
  if (smoothing !== null) header.push('smoothed')
  const rows = [header.join(',')]
  lines.forEach((line, i) => {
    const a = arrays[i]
    if (!a) return
    const segment = line.ancestor ? 'parent' : 'run'
    const b = a.buckets
    a.x.forEach((x, k) => {
      const cells: (string | number | null)[] = [
        line.runId,
        line.runName,
        line.key,
        segment,
        x,
        b.lastStep[k]!,
        b.fromStep[k]!,
        b.toStep[k]!,
        b.lastTokens[k]!,
        new Date(b.lastWallTime[k]!).toISOString(),
        b.last[k]!,
        b.min[k]!,
        b.max[k]!,
        b.count[k]!,
      ]
      if (smoothing !== null) cells.push(a.smoothed?.[k] ?? null)
      rows.push(cells.map(csvCell).join(','))
    })
  })
  return rows.join('\n') + '\n'
}

export function toJson({ title, mode, lines, arrays, smoothing }: ExportInput): string {
  return JSON.stringify(
    {
      chart: title,
      xAxis: { mode, label: X_MODE_LABELS[mode] },
      smoothing,
      exportedAt: new Date().toISOString(),
      series: lines.map((line, i) => ({
        runId: line.runId,
        run: line.runName,
        key: line.key,
        segment: line.ancestor ? 'parent' : 'run',
        pointCount: line.pointCount,
        buckets: (arrays[i]?.x ?? []).map((x, k) => {
          const a = arrays[i]!
          const b = a.buckets
          return {
            x,
            step: b.lastStep[k],
            fromStep: b.fromStep[k],
            toStep: b.toStep[k],
            tokens: b.lastTokens[k],
            wallTime: new Date(b.lastWallTime[k]!).toISOString(),
            last: b.last[k],
            min: b.min[k],
            max: b.max[k],
            count: b.count[k],
            ...(smoothing !== null ? { smoothed: a.smoothed?.[k] ?? null } : {}),
          }
        }),
      })),
    },
    null,
    2,
  )
}

export function fileSlug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'chart'
  )
}

/** Saves a blob through an anchor with `download`: a save dialog in Electron, a download in a browser. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const anchor = document.createElement('a')
  anchor.href = url
  anchor.download = filename
  anchor.style.display = 'none'
  document.body.append(anchor)
  anchor.click()
  anchor.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** Runs an export; a failure (a canvas that cannot encode, a blocked download) becomes a notification naming it. */
export async function exportSafely(what: string, work: () => void | Promise<void>): Promise<void> {
  try {
    await work()
  } catch (error) {
    reportError(`export ${what}`, error)
  }
}

/** A canvas as a PNG blob: encoded in place, no data: URL fetched (the CSP's connect-src has none). */
export function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode the PNG'))), 'image/png'))
}
