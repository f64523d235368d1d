/**
 * `window.__continuumCharts`: what each mounted chart is drawing, for the e2e tests and the
 * UI benchmark (and for a curious researcher with devtools open). Reading it costs nothing
 * until asked: each chart hands in functions, not copies. Everything the charts keep only for
 * these readers lives here: the draw counter and `settled()` waiters (`ChartProbe`), the
 * snapshot of what is drawn, and the registration (`useChartHook`).
 */
import { useEffect, useRef, type RefObject } from 'react'
import type uPlot from 'uplot'
import type { ChartMarker } from './export-image'
import type { Line, LineArrays } from './plot-data'
import type { XRange } from './series-cache'
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

const sameRange = (a: XRange | null | undefined, b: XRange | null | undefined) => (a ?? null) === (b ?? null) || (!!a && !!b && a.min === b.min && a.max === b.max)

/**
 * When a metric chart is settled for `settled()`: nothing in flight, the range asked for last
 * is the one shown, and it has been drawn with all its data since. The chart tells it what it
 * asks for, fetches and draws; it answers the hook's readers.
 */
export class ChartProbe {
  drawCount = 0
  lastDrawAt = 0
  /** The wheel or a drag moved the plot and has not told the chart the range yet. */
  rangePending = false
  private fetching = true
  private zoom: XRange | null
  /** The range asked for last (by a drag, the wheel, a double-click or the hook). */
  private asked: XRange | null
  /** The zoom last drawn with all its data. */
  private drawnSettled: XRange | null | undefined = undefined
  private waiters: ((at: number) => void)[] = []

  constructor(zoom: XRange | null) {
    this.zoom = zoom
    this.asked = zoom
  }

  /** After every render: whether data is still coming, and the zoom shown. */
  rendered(fetching: boolean, zoom: XRange | null): void {
    this.fetching = fetching
    this.zoom = zoom
  }

  ask(range: XRange | null): void {
    this.asked = range
  }

  setRangePending(pending: boolean): void {
    this.rangePending = pending
    this.release()
  }

  drew(): void {
    this.drawCount += 1
    this.lastDrawAt = performance.now()
    if (!this.fetching) this.drawnSettled = this.zoom
    this.release()
  }

  isSettled(): boolean {
    return !this.rangePending && !this.fetching && sameRange(this.zoom, this.asked) && sameRange(this.drawnSettled, this.asked)
  }

  /** Resolves at once when settled, else at the draw that settles it. */
  settled(): Promise<number> {
    return new Promise<number>((resolve) => {
      if (this.isSettled()) resolve(this.lastDrawAt)
      else this.waiters.push(resolve)
    })
  }

  private release(): void {
    if (!this.isSettled()) return
    const done = this.waiters
    this.waiters = []
    for (const resolve of done) resolve(this.lastDrawAt)
  }
}

/** The y axis's tick labels as drawn (uPlot keeps them on the axis after each draw). */
function yTickLabels(u: uPlot): string[] {
  const axis = u.axes[1] as uPlot.Axis & { _values?: (string | number)[] }
  return (axis._values ?? []).map(String)
}

const scaleOf = (u: uPlot | null, key: 'x' | 'y') => (u?.scales[key]?.min !== undefined ? { min: u.scales[key].min, max: u.scales[key].max ?? 0 } : null)

/** What a metric chart hands in: the snapshot's own fields, and what it draws. */
export interface MetricChartView extends Pick<ChartSnapshot, 'id' | 'title' | 'mode' | 'smoothing' | 'fetching' | 'loaded' | 'maxBuckets' | 'clipped'> {
  markers: readonly ChartMarker[]
  lines: readonly Line[]
  arrays: readonly LineArrays[]
}

/** What a metric chart draws, copied out for a reader. */
export function metricChartSnapshot(view: MetricChartView, probe: ChartProbe, u: uPlot | null): ChartSnapshot {
  return {
    id: view.id,
    title: view.title,
    mode: view.mode,
    smoothing: view.smoothing,
    fetching: view.fetching || probe.rangePending,
    loaded: view.loaded,
    drawCount: probe.drawCount,
    lastDrawAt: probe.lastDrawAt,
    maxBuckets: view.maxBuckets,
    xScale: scaleOf(u, 'x'),
    yScale: scaleOf(u, 'y'),
    yTicks: u ? yTickLabels(u) : [],
    clipped: { ...view.clipped },
    markers: view.markers.map((m) => ({ ...m })),
    lines: view.lines.map((line, i) => {
      const a = view.arrays[i]!
      return {
        label: line.label,
        runId: line.runId,
        key: line.key,
        ancestor: line.ancestor,
        pointCount: line.pointCount,
        x: a.x,
        last: a.last,
        min: a.min,
        max: a.max,
        smoothed: a.smoothed,
        fromStep: a.buckets.fromStep,
        toStep: a.buckets.toStep,
        count: a.buckets.count,
      }
    }),
  }
}

/**
 * Registers a metric chart: its snapshot is built from the latest render's view when read;
 * `zoom` and `reset` go through `onZoom` as a drag or a double-click would.
 */
export function useMetricChartHook(view: MetricChartView, probe: ChartProbe, plot: RefObject<uPlot | null>, onZoom: () => (range: XRange | null) => void): void {
  const latest = useRef(view)
  useEffect(() => {
    latest.current = view
  })
  useEffect(
    () =>
      registerChart(view.id, {
        snapshot: () => metricChartSnapshot(latest.current, probe, plot.current),
        zoom: (min, max) => onZoom()({ min, max }),
        toPixel: (x, y) => {
          const u = plot.current
          if (!u) return null
          // Canvas pixels: the plot area's offset plus the position within it.
          return { x: u.valToPos(x, 'x', true), y: u.valToPos(y, 'y', true) }
        },
        reset: () => onZoom()(null),
        settled: () => probe.settled(),
      }),
    // onZoom is read when called; the handle is rebuilt only for a new id or probe.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view.id, probe, plot],
  )
}

/** A schedule preview's lines, one bucket per point: it draws what it computed, all at once. */
export function usePreviewChartHook(id: string, title: string, x: readonly number[], lines: readonly { label: string; y: readonly number[] }[]): void {
  const latest = useRef({ x, lines, title })
  useEffect(() => {
    latest.current = { x, lines, title }
  })
  useEffect(
    () =>
      registerChart(id, {
        snapshot: (): ChartSnapshot => {
          const { x, lines, title } = latest.current
          return {
            id,
            title,
            mode: 'step',
            smoothing: null,
            fetching: false,
            loaded: true,
            drawCount: 1,
            lastDrawAt: 0,
            maxBuckets: x.length,
            xScale: null,
            yScale: null,
            yTicks: [],
            clipped: { below: null, above: null },
            markers: [],
            lines: lines.map((l) => ({
              label: l.label,
              runId: 0,
              key: id,
              ancestor: false,
              pointCount: l.y.length,
              x: [...x],
              last: [...l.y],
              min: [...l.y],
              max: [...l.y],
              smoothed: null,
              fromStep: [...x],
              toStep: [...x],
              count: x.map(() => 1),
            })),
          }
        },
        zoom: () => {},
        toPixel: () => null,
        reset: () => {},
        settled: () => Promise.resolve(1),
      }),
    [id],
  )
}
