/**
 * Pictures of a chart. PNG copies uPlot's own canvas (plot, axes, bands, markers) onto a
 * canvas with the chart's title and legend above and below it. SVG is drawn from the same
 * data and the plot's current scales by a small serializer: bands as polygons, lines as
 * polylines, axes with their ticks, markers and legend, so it stays sharp in a paper.
 */
import uPlot from 'uplot'
import type { ChartColors } from './chart-theme'
import type { Line, LineArrays } from './plot-data'
import { formatXTicks, X_MODE_LABELS, type XMode } from './x-axis'
import { formatMetric } from '../format/numbers'
import { canvasPng } from './export-data'
import { logTicks, niceTicks } from './y-scale'

export interface ChartMarker {
  x: number
  label: string
  kind: 'branch' | 'schedule'
}

export interface ChartPicture {
  title: string
  mode: XMode
  colors: ChartColors
  lines: readonly Line[]
  arrays: readonly LineArrays[]
  smoothing: number | null
  showRaw: boolean
  markers: readonly ChartMarker[]
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
const TITLE_H = 28
const LEGEND_ROW_H = 18

function legendItems(p: ChartPicture): { color: string; label: string; dashed: boolean }[] {
  return p.lines.map((l) => ({ color: l.color, label: l.label, dashed: l.ancestor }))
}

function legendRows(items: { label: string }[], width: number, measure: (text: string) => number): { label: string; index: number; x: number }[][] {
  const rows: { label: string; index: number; x: number }[][] = [[]]
  let x = 12
  items.forEach((item, index) => {
    const w = 22 + measure(item.label) + 16
    if (x + w > width - 12 && rows[rows.length - 1]!.length > 0) {
      rows.push([])
      x = 12
    }
    rows[rows.length - 1]!.push({ label: item.label, index, x })
    x += w
  })
  return rows
}

export async function chartPng(u: uPlot, p: ChartPicture): Promise<Blob> {
  const ratio = uPlot.pxRatio
  const source = u.ctx.canvas
  const measureCanvas = document.createElement('canvas').getContext('2d')!
  measureCanvas.font = `12px ${FONT}`
  const items = legendItems(p)
  const rows = legendRows(items, u.width, (t) => measureCanvas.measureText(t).width)
  const height = TITLE_H + u.height + rows.length * LEGEND_ROW_H + 10
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(u.width * ratio)
  canvas.height = Math.round(height * ratio)
  const ctx = canvas.getContext('2d')!
  ctx.scale(ratio, ratio)
  ctx.fillStyle = p.colors.background
  ctx.fillRect(0, 0, u.width, height)
  ctx.fillStyle = p.colors.text
  ctx.font = `600 13px ${FONT}`
  ctx.textBaseline = 'middle'
  ctx.fillText(p.title, 12, TITLE_H / 2)
  ctx.drawImage(source, 0, TITLE_H, u.width, u.height)
  ctx.font = `12px ${FONT}`
  rows.forEach((row, r) => {
    const y = TITLE_H + u.height + 6 + r * LEGEND_ROW_H + LEGEND_ROW_H / 2
    for (const cell of row) {
      const item = items[cell.index]!
      ctx.strokeStyle = item.color
      ctx.lineWidth = 2
      ctx.setLineDash(item.dashed ? [4, 3] : [])
      ctx.beginPath()
      ctx.moveTo(cell.x, y)
      ctx.lineTo(cell.x + 16, y)
      ctx.stroke()
      ctx.setLineDash([])
      ctx.fillStyle = p.colors.text
      ctx.fillText(item.label, cell.x + 22, y)
    }
  })
  return canvasPng(canvas)
}

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const num = (v: number) => (Math.round(v * 100) / 100).toString()

export function chartSvg(u: uPlot, p: ChartPicture): string {
  const ratio = uPlot.pxRatio
  const width = u.width
  const left = u.bbox.left / ratio
  const top = TITLE_H + u.bbox.top / ratio
  const plotW = u.bbox.width / ratio
  const plotH = u.bbox.height / ratio
  const xs = u.scales.x
  const ys = u.scales.y
  const xMin = xs?.min ?? 0
  const xMax = xs?.max ?? 1
  const yMin = ys?.min ?? 0
  const yMax = ys?.max ?? 1
  const px = (v: number) => left + ((v - xMin) / (xMax - xMin || 1)) * plotW
  const logY = ys?.distr === 3 && yMin > 0
  const ty = (v: number) => (logY ? Math.log10(Math.max(v, 1e-300)) : v)
  const py = (v: number) => top + (1 - (ty(v) - ty(yMin)) / (ty(yMax) - ty(yMin) || 1)) * plotH

  const approxWidth = (t: string) => t.length * 6.4
  const items = legendItems(p)
  const rows = legendRows(items, width, approxWidth)
  const height = TITLE_H + u.height + rows.length * LEGEND_ROW_H + 10
  const c = p.colors
  const out: string[] = []
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${num(height)}" viewBox="0 0 ${width} ${num(height)}" font-family='${FONT}' font-size="11">`,
    `<rect width="100%" height="100%" fill="${c.background}"/>`,
    `<text x="12" y="${TITLE_H / 2 + 4}" font-size="13" font-weight="600" fill="${c.text}">${esc(p.title)}</text>`,
    `<defs><clipPath id="plot"><rect x="${num(left)}" y="${num(top)}" width="${num(plotW)}" height="${num(plotH)}"/></clipPath></defs>`,
  )

  // Grid and axes.
  const xTicks = niceTicks(xMin, xMax, Math.max(2, Math.floor(plotW / 90)))
  const yTicks = logY ? logTicks(yMin, yMax, plotH) : niceTicks(yMin, yMax, Math.max(2, Math.floor(plotH / 40)))
  const xLabels = formatXTicks(p.mode, xTicks)
  xTicks.forEach((t, i) => {
    const x = num(px(t))
    out.push(`<line x1="${x}" x2="${x}" y1="${num(top)}" y2="${num(top + plotH)}" stroke="${c.grid}"/>`)
    out.push(`<text x="${x}" y="${num(top + plotH + 16)}" text-anchor="middle" fill="${c.text}">${esc(xLabels[i]!)}</text>`)
  })
  for (const t of yTicks) {
    const y = num(py(t))
    out.push(`<line x1="${num(left)}" x2="${num(left + plotW)}" y1="${y}" y2="${y}" stroke="${c.grid}"/>`)
    out.push(`<text x="${num(left - 6)}" y="${y}" dy="3.5" text-anchor="end" fill="${c.text}">${esc(formatMetric(t))}</text>`)
  }
  out.push(`<rect x="${num(left)}" y="${num(top)}" width="${num(plotW)}" height="${num(plotH)}" fill="none" stroke="${c.axis}"/>`)
  out.push(`<text x="${num(left + plotW / 2)}" y="${num(top + plotH + 34)}" text-anchor="middle" fill="${c.dimText}">${esc(X_MODE_LABELS[p.mode])}</text>`)

  // Data, clipped to the plot.
  out.push('<g clip-path="url(#plot)" fill="none" stroke-linejoin="round">')
  p.arrays.forEach((a, i) => {
    const line = p.lines[i]!
    // Only what lies in view, plus one point either side so lines reach the edges.
    let from = a.x.findIndex((x) => x >= xMin)
    if (from < 0) return
    from = Math.max(0, from - 1)
    let to = a.x.length - 1
    while (to > from && a.x[to - 1]! > xMax) to--
    const pts = (ys_: ArrayLike<number | null>, idx: number[]) =>
      idx
        .filter((k) => ys_[k] !== null && ys_[k] !== undefined)
        .map((k) => `${num(px(a.x[k]!))},${num(py(ys_[k] as number))}`)
        .join(' ')
    const idx = Array.from({ length: to - from + 1 }, (_, k) => from + k)
    const band = `${pts(a.max, idx)} ${pts(a.min, [...idx].reverse())}`
    const dash = line.ancestor ? ' stroke-dasharray="5 4"' : ''
    out.push(`<polygon points="${band}" fill="${line.color}" fill-opacity="${line.ancestor ? 0.1 : 0.16}" stroke="none"/>`)
    // The band's edges too, as on screen: a one-bucket spike is a hairline a fill would lose.
    if (p.lines.length <= 6) {
      const edge = `stroke="${line.color}" stroke-opacity="${line.ancestor ? 0.2 : 0.35}" stroke-width="1"`
      out.push(`<polyline points="${pts(a.max, idx)}" ${edge}/>`, `<polyline points="${pts(a.min, idx)}" ${edge}/>`)
    }
    const smoothed = p.smoothing !== null && a.smoothed
    if (!smoothed || p.showRaw) {
      out.push(`<polyline points="${pts(a.last, idx)}" stroke="${line.color}" stroke-width="${smoothed ? 1 : 1.5}" stroke-opacity="${smoothed ? 0.35 : 1}"${dash}/>`)
    }
    if (smoothed) out.push(`<polyline points="${pts(a.smoothed!, idx)}" stroke="${line.color}" stroke-width="2"${dash}/>`)
    // As on screen: markers where points are few enough to tell apart (a lone point has no line).
    const drawn = smoothed ? a.smoothed! : a.last
    const shownIdx = idx.filter((k) => drawn[k] !== null && drawn[k] !== undefined)
    if (shownIdx.length <= 1 || plotW / shownIdx.length >= 12)
      for (const k of shownIdx) out.push(`<circle cx="${num(px(a.x[k]!))}" cy="${num(py(drawn[k] as number))}" r="2.5" fill="${line.color}" stroke="none"/>`)
  })
  out.push('</g>')

  // As on screen: a label flips left of its line at the right edge, and one that would
  // overlap the previous label is left out.
  let lastLabelEnd = -Infinity
  for (const m of [...p.markers].sort((a, b) => a.x - b.x)) {
    if (m.x < xMin || m.x > xMax) continue
    const x = px(m.x)
    const color = m.kind === 'branch' ? c.branch : c.marker
    out.push(`<line x1="${num(x)}" x2="${num(x)}" y1="${num(top)}" y2="${num(top + plotH)}" stroke="${color}" stroke-dasharray="4 3"/>`)
    const w = m.label.length * 5.6
    const tx = x + 4 + w > left + plotW ? x - 4 - w : x + 4
    if (tx <= lastLabelEnd + 4) continue
    out.push(`<text x="${num(tx)}" y="${num(top + 11)}" fill="${color}" font-size="10">${esc(m.label)}</text>`)
    lastLabelEnd = tx + w
  }

  rows.forEach((row, r) => {
    const y = TITLE_H + u.height + 6 + r * LEGEND_ROW_H + LEGEND_ROW_H / 2
    for (const cell of row) {
      const item = items[cell.index]!
      out.push(
        `<line x1="${cell.x}" x2="${cell.x + 16}" y1="${y}" y2="${y}" stroke="${item.color}" stroke-width="2"${item.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
        `<text x="${cell.x + 22}" y="${y}" dy="4" font-size="12" fill="${c.text}">${esc(item.label)}</text>`,
      )
    }
  })
  out.push('</svg>')
  return out.join('\n')
}
