/**
 * uPlot options for a metric chart: one `last` line per series with its min–max band, an
 * optional smoothed line over a faint raw one, themed axes, wheel zoom, drag to pan and
 * Shift-drag to zoom to a range (every range handed to the caller, which re-queries the
 * server), double-click to reset, vertical markers drawn on the canvas (so PNG exports carry
 * them), and a cursor tooltip.
 */
import type uPlot from 'uplot'
import { formatMetric } from '../format/numbers'
import { bandEdgePaths } from './band-paths'
import { withAlpha, type ChartColors } from './chart-theme'
import type { ChartMarker } from './export-image'
import type { Line, PlotData } from './plot-data'
import { panZoomPlugin } from './pan-zoom-plugin'
import { tooltipPlugin, type TooltipContent } from './tooltip-plugin'
import { formatXTicks, X_MODE_LABELS, type XMode } from './x-axis'
import { extentOf, fitLinesAndBands, logTicks, padLinear, padLog, type Extent } from './y-scale'

/** What the hooks read at call time, so new data never needs a new plot. */
export interface LiveChartState {
  markers: readonly ChartMarker[]
  describe: ((x: number) => TooltipContent | null) | null
  onZoom: (range: { min: number; max: number } | null) => void
  /** A range the plot already shows (or has moved on from): from the wheel or a drag. */
  onPlotRange: (range: { min: number; max: number } | null) => void
  /** True while the plot has moved and the chart has not heard the range yet. */
  onRangePending: (pending: boolean) => void
  onDraw: () => void
  /** The x range of the unzoomed chart: pans and zooms stay inside it. */
  bounds: { min: number; max: number } | null
  /** When set, band edges that are real outliers may run off the plot (see y-scale.ts). */
  clipOutliers: boolean
  plot: PlotData | null
  /** Written by the y range: the band edges left off the plot at the last ranging. */
  clipped: { below: number | null; above: number | null }
}

/** A stable box for `LiveChartState`, refreshed by its chart after each render. */
export class LiveBox {
  current: LiveChartState = { markers: [], describe: null, onZoom: () => {}, onPlotRange: () => {}, onRangePending: () => {}, onDraw: () => {}, bounds: null, clipOutliers: false, plot: null, clipped: { below: null, above: null } }
  update(next: Partial<LiveChartState>): void {
    this.current = { ...this.current, ...next }
  }
}

export interface OptionsInput {
  lines: readonly Pick<Line, 'id' | 'label' | 'color' | 'ancestor'>[]
  roles: PlotData['roles']
  mode: XMode
  colors: ChartColors
  height: number
  logY: boolean
  smoothing: boolean
  showRaw: boolean
  syncKey: string | undefined
  live: LiveBox
}

/** Plots narrower than this (CSS px) draw marker lines without their labels. */
const MARKER_LABELS_MIN_WIDTH = 600

/** Up to this many lines, band edges are stroked as well as filled. */
const EDGE_LINES_MAX = 6

/**
 * What the y axis fits, over the x window being ranged (uPlot sets `series[0].idxs` to it
 * before it ranges y, while `scales.x` still holds the previous window: reading that cut a
 * joined parent's curve off at the child's range). The lines always fit; band edges too,
 * unless clipping and they are real outliers (see y-scale.ts).
 */
function fitY(u: uPlot, live: LiveChartState, log: boolean): { lo: number; hi: number } | null {
  const plot = live.plot
  const [i0, i1] = u.series[0]?.idxs ?? [0, -1]
  if (!plot || i0 === undefined || i1 === undefined) return null
  let lines: Extent | null = null
  let bands: Extent | null = null
  plot.roles.forEach((r, i) => {
    const s = u.series[i + 1]
    const ys = u.data[i + 1]
    if (!ys || !s) return
    if (r.role === 'last' || r.role === 'smoothed') {
      if (s.show) lines = extentOf(ys, i0, i1, log, lines)
    } else bands = extentOf(ys, i0, i1, log, bands)
  })
  const fit = fitLinesAndBands(lines, bands, live.clipOutliers, log)
  live.clipped = fit ? { below: fit.clippedBelow, above: fit.clippedAbove } : { below: null, above: null }
  return fit
}

function yRange(u: uPlot, dataMin: number, dataMax: number, live: LiveChartState): [number, number] {
  const fit = fitY(u, live, false)
  return fit ? padLinear(fit.lo, fit.hi) : padLinear(dataMin, dataMax)
}

function logRange(u: uPlot, dataMin: number, dataMax: number, live: LiveChartState): uPlot.Range.MinMax {
  const fit = fitY(u, live, true)
  return fit ? padLog(fit.lo, fit.hi) : padLog(dataMin, dataMax)
}

/** A lone x value (one point) gets a small window around it, not uPlot's 0 … 2× pad. */
function xRange(_u: uPlot, min: number, max: number): uPlot.Range.MinMax {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max) || max > min) return [min, max]
  const pad = Math.max(1, Math.abs(min) * 0.02)
  return [min - pad, max + pad]
}

/** Pixels between markers below which a line is drawn without them. */
const MARKER_SPACING = 12

/**
 * Markers on a line whose points are few enough in view to tell apart (every one of a
 * single-point series: a line needs two), read off the values, not the joined x array,
 * which holds every other line's steps too.
 */
function showPoints(u: uPlot, seriesIdx: number, i0: number, i1: number): boolean {
  const ys = u.data[seriesIdx]
  if (!ys) return false
  let n = 0
  for (let k = i0; k <= i1; k++) if (ys[k] !== null && ys[k] !== undefined) n++
  return n <= 1 || u.bbox.width / n >= MARKER_SPACING * (devicePixelRatio || 1)
}

function drawMarkers(u: uPlot, markers: readonly ChartMarker[], colors: ChartColors) {
  if (markers.length === 0) return
  const ctx = u.ctx
  const { left, top, width, height } = u.bbox
  const ratio = devicePixelRatio || 1
  ctx.save()
  ctx.beginPath()
  ctx.rect(left, top, width, height)
  ctx.clip()
  ctx.font = `${Math.round(10 * ratio)}px system-ui, sans-serif`
  ctx.textBaseline = 'top'
  ctx.textAlign = 'left'
  let lastLabelEnd = -Infinity
  for (const m of [...markers].sort((a, b) => a.x - b.x)) {
    const x = Math.round(u.valToPos(m.x, 'x', true)) + 0.5
    if (x < left - 1 || x > left + width + 1) continue
    const color = m.kind === 'branch' ? colors.branch : colors.marker
    ctx.strokeStyle = color
    ctx.lineWidth = ratio
    ctx.setLineDash([4 * ratio, 3 * ratio])
    ctx.beginPath()
    ctx.moveTo(x, top)
    ctx.lineTo(x, top + height)
    ctx.stroke()
    ctx.setLineDash([])
    // Small charts keep the lines and leave the words to the large one.
    if (width / ratio < MARKER_LABELS_MIN_WIDTH) continue
    const textWidth = ctx.measureText(m.label).width
    // Labels that would overlap the previous one are left to the tooltip-free line alone.
    const tx = x + 4 * ratio + textWidth > left + width ? x - 4 * ratio - textWidth : x + 4 * ratio
    if (tx > lastLabelEnd + 4 * ratio) {
      ctx.fillStyle = color
      ctx.fillText(m.label, tx, top + 3 * ratio)
      lastLabelEnd = tx + textWidth
    }
  }
  ctx.restore()
}

export function buildOptions(input: OptionsInput): Omit<uPlot.Options, 'width'> {
  const { lines, roles, mode, colors, height, logY, smoothing, showRaw, syncKey, live } = input
  const series: uPlot.Series[] = [{ label: X_MODE_LABELS[mode] }]
  const bands: uPlot.Band[] = []
  const indexOf = new Map<string, number>()
  roles.forEach((r, i) => indexOf.set(`${r.line}:${r.role}`, i + 1))
  // Many lines (a comparison) are drawn one pixel wide: Skia strokes those on its fast path.
  const many = lines.length > EDGE_LINES_MAX
  const bandFill = (line: (typeof lines)[number]) => withAlpha(line.color, line.ancestor ? 0.1 : smoothing ? 0.12 : 0.2)
  roles.forEach((r) => {
    const line = lines[r.line]!
    const dash = line.ancestor ? [5, 4] : undefined
    if (r.role === 'last') {
      series.push({
        label: line.label,
        stroke: smoothing ? withAlpha(line.color, 0.3) : line.color,
        width: smoothing || many ? 1 : 1.5,
        show: !smoothing || showRaw,
        spanGaps: true,
        ...(dash ? { dash } : {}),
        points: smoothing ? { show: false } : { show: showPoints, size: 5, stroke: line.color, fill: line.color },
      })
    } else if (r.role === 'smoothed') {
      series.push({ label: `${line.label} (smoothed)`, stroke: line.color, width: many ? 1 : 2, spanGaps: true, ...(dash ? { dash } : {}), points: { show: showPoints, size: 5, stroke: line.color, fill: line.color } })
    } else {
      // The band's edges, faintly: a one-bucket spike is a hairline a fill alone would lose.
      // With many lines (a comparison) the band alone keeps the plot legible.
      const edge = many ? null : withAlpha(line.color, line.ancestor ? 0.2 : 0.35)
      const minIndex = indexOf.get(`${r.line}:min`)
      series.push({
        label: `${line.label} ${r.role}`,
        stroke: edge ?? 'transparent',
        width: edge ? 1 : 0,
        spanGaps: true,
        points: { show: false },
        ...(r.role === 'max' && minIndex !== undefined ? { paths: bandEdgePaths(minIndex, bandFill(line), edge) } : {}),
      })
    }
  })
  lines.forEach((line, i) => {
    const hi = indexOf.get(`${i}:max`)
    const lo = indexOf.get(`${i}:min`)
    if (hi && lo) bands.push({ series: [hi, lo], fill: bandFill(line) })
  })

  const axisFont = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
  const axisBase = {
    stroke: colors.text,
    font: axisFont,
    grid: { stroke: colors.grid, width: 1 },
    ticks: { stroke: colors.axis, width: 1, size: 4 },
  }

  return {
    height,
    series,
    bands,
    legend: { show: false },
    padding: [12, 22, 0, 0],
    scales: {
      x: { time: false, range: xRange },
      y: logY ? { distr: 3, range: (u, min, max) => logRange(u, min, max, live.current) } : { range: (u, min, max) => yRange(u, min, max, live.current) },
    },
    axes: [
      { ...axisBase, values: (_u, splits) => formatXTicks(mode, splits), space: 70 },
      {
        ...axisBase,
        values: (_u, splits) => splits.map((v) => formatMetric(v)),
        ...(logY ? { splits: (u: uPlot, _axis: number, min: number, max: number) => logTicks(min, max, u.bbox.height / (devicePixelRatio || 1)) } : {}),
        size: (_u, values) => (values ? Math.max(...values.map((v) => v.length)) * 6.5 + 16 : 40),
        space: 28,
      },
    ],
    cursor: {
      ...(syncKey ? { sync: { key: syncKey } } : {}),
      drag: { x: true, y: false, setScale: false },
      points: { show: false },
      bind: {
        dblclick: () => () => {
          live.current.onZoom(null)
          return null
        },
      },
    },
    select: { show: true, left: 0, top: 0, width: 0, height: 0, over: true },
    hooks: {
      init: [
        (u) => {
          const select = u.root.querySelector<HTMLElement>('.u-select')
          if (select) select.style.background = colors.selection
        },
      ],
      setSelect: [
        (u) => {
          const { left, width } = u.select
          if (width > 3) {
            const min = u.posToVal(left, 'x')
            const max = u.posToVal(left + width, 'x')
            live.current.onZoom({ min, max })
          }
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false)
        },
      ],
      draw: [
        (u) => {
          drawMarkers(u, live.current.markers, colors)
          live.current.onDraw()
        },
      ],
    },
    plugins: [tooltipPlugin(() => live.current.describe, colors), panZoomPlugin({ bounds: () => live.current.bounds, onRange: (range) => live.current.onPlotRange(range), onPending: (pending) => live.current.onRangePending(pending) })],
  }
}
