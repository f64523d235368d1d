/**
 * `window.__continuumCharts`: what each mounted chart is drawing, for the e2e tests and the
 * UI benchmark (and for a curious researcher with devtools open). Reading it costs nothing
 * until asked: each chart hands in functions, not copies.
 */
import type { XMode } from './x-axis'

export interface ChartLineSnapshot {
  label: string
  runId: number
  key: string
  ancestor: boolean
  pointCount: number
  x: number[]
  last: number[]
  min: number[]
  max: number[]
  smoothed: (number | null)[] | null
  fromStep: number[]
  toStep: number[]
  count: number[]
}

export interface ChartSnapshot {
  id: string
  title: string
  mode: XMode
  smoothing: number | null
  fetching: boolean
  loaded: boolean
  drawCount: number
  lastDrawAt: number
  maxBuckets: number
  xScale: { min: number; max: number } | null
  yScale: { min: number; max: number } | null
  /** The y axis's tick labels as last drawn. */
  yTicks: string[]
  /** Band edges clipped off the plot by "Clip outliers". */
  clipped: { below: number | null; above: number | null }
  markers: { x: number; label: string; kind: string }[]
  lines: ChartLineSnapshot[]
}

export interface ChartHandle {
  snapshot(): ChartSnapshot
  /** As a Shift-drag would: zoom to [min, max] in x units. */
  zoom(min: number, max: number): void
  /** Where a point (x in axis units, y in metric units) is on the plot's canvas, in canvas pixels. */
  toPixel(x: number, y: number): { x: number; y: number } | null
  /** As a double-click would. */
  reset(): void
  /** Resolves at the next draw after every fetch for the current range has landed. */
  settled(): Promise<number>
}

declare global {
  interface Window {
    __continuumCharts?: Record<string, ChartHandle>
  }
}

export function registerChart(id: string, handle: ChartHandle): () => void {
  const charts = (window.__continuumCharts ??= {})
  charts[id] = handle
  return () => {
    if (charts[id] === handle) delete charts[id]
  }
}
