/**
 * The building blocks of the Study page's figures, as ECharts options that draw the same on
 * screen (canvas) and in export (SVG): ink per colour scheme, axes, interval bands around a
 * line on value/log axes, and dot- or bar-and-whisker marks on a category axis (each of k
 * series in its own slot of the category's width).
 */
import type { Estimate } from '../../../shared/findings'
import { CHART_COLORS, seriesColor, withAlpha, type Scheme } from '../charts/chart-theme'

export type Option = Record<string, unknown>

export interface Ink {
  text: string
  dim: string
  grid: string
  axis: string
  background: string
}

export function inkOf(scheme: Scheme): Ink {
  const c = CHART_COLORS[scheme]
  return { text: c.text, dim: c.dimText, grid: scheme === 'dark' ? '#373a40' : '#e9ecef', axis: c.axis, background: c.background }
}

export const colorOf = seriesColor

export function baseOption(ink: Ink, background: boolean): Option {
  return { animation: false, backgroundColor: background ? ink.background : 'transparent', textStyle: { color: ink.text, fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" } }
}

export function valueAxis(ink: Ink, name: string, extra: Option = {}): Option {
  return {
    type: 'value',
    name,
    nameLocation: 'middle',
    nameGap: 40,
    nameTextStyle: { color: ink.text },
    axisLabel: { color: ink.text },
    axisLine: { show: true, lineStyle: { color: ink.axis } },
    splitLine: { lineStyle: { color: ink.grid } },
    scale: true,
    ...extra,
  }
}

export function categoryAxis(ink: Ink, name: string, categories: string[], extra: Option = {}): Option {
  return {
    type: 'category',
    name,
    nameLocation: 'middle',
    nameGap: 28,
    nameTextStyle: { color: ink.text },
    data: categories,
    axisLabel: { color: ink.text, interval: 0, hideOverlap: false, lineHeight: 15 },
    axisLine: { lineStyle: { color: ink.axis } },
    axisTick: { alignWithLabel: true },
    ...extra,
  }
}

export function legend(ink: Ink, extra: Option = {}): Option {
  return { top: 0, left: 'center', type: 'plain', textStyle: { color: ink.text }, itemHeight: 10, ...extra }
}

export interface XY {
  x: number
  e: Estimate
}

/** A line through the estimates and its 95% band (a polygon drawn by one custom item). */
export function lineWithBand(name: string, color: string, points: XY[], o: { dashed?: boolean; gridIndex?: number; bandAlpha?: number } = {}): Option[] {
  const axes = o.gridIndex === undefined ? {} : { xAxisIndex: o.gridIndex, yAxisIndex: o.gridIndex }
  const band = {
    type: 'custom',
    name,
    ...axes,
    silent: true,
    z: 1,
    data: points.map((p) => [p.x, p.e.low, p.e.high]),
    encode: { x: 0, y: [1, 2] },
    itemStyle: { color },
    renderItem: (params: { dataIndex: number }, api: { coord(v: number[]): number[] }) => {
      if (params.dataIndex !== 0 || points.length < 2) return null
      const upper = points.map((p) => api.coord([p.x, p.e.high]))
      const lower = points.map((p) => api.coord([p.x, p.e.low])).reverse()
      return { type: 'polygon', shape: { points: [...upper, ...lower] }, style: { fill: withAlpha(color, o.bandAlpha ?? 0.16) } }
    },
  }
  const line = {
    type: 'line',
    name,
    ...axes,
    z: 3,
    data: points.map((p) => [p.x, p.e.value]),
    symbol: 'circle',
    symbolSize: 6,
    lineStyle: { color, width: 2, type: o.dashed ? 'dashed' : 'solid' },
    itemStyle: { color },
  }
  // The line first: the legend draws a name's icon from its first series, so it shows a solid or
  // a dashed line (fine-tuned vs base) instead of the band's rectangle, the same for both.
  return [line, band]
}

export interface CategoryMark {
  category: number
  e: Estimate
}

/**
 * Marks on a category axis with whiskers for the interval: `slot` of `slots` places series
 * side by side within a category; `bar` draws a bar from 0, otherwise a dot. `connect` joins
 * each dot to the next one at the same slot offset (a separate line series would run through
 * the category centres, beside the dots it is meant to join).
 */
export function intervalMarks(name: string, color: string, marks: CategoryMark[], o: { slot: number; slots: number; bar?: boolean; gridIndex?: number; labels?: boolean; connect?: boolean }): Option {
  const axes = o.gridIndex === undefined ? {} : { xAxisIndex: o.gridIndex, yAxisIndex: o.gridIndex }
  return {
    type: 'custom',
    name,
    ...axes,
    z: 3,
    itemStyle: { color },
    data: marks.map((m) => [m.category, m.e.value, m.e.low, m.e.high]),
    encode: { x: 0, y: [1, 2, 3], tooltip: [1, 2, 3] },
    renderItem: (params: { dataIndex: number }, api: { value(d: number): number; coord(v: number[]): number[]; size(v: number[]): number[] }) => {
      const cat = api.value(0)
      const width = api.size([1, 0])[0]! * 0.8
      const slotWidth = width / o.slots
      const at = (category: number, value: number): [number, number] => {
        const [x, y] = api.coord([category, value]) as [number, number]
        return [x - width / 2 + slotWidth * (o.slot + 0.5), y]
      }
      const [cx, cy] = at(cat, api.value(1))
      const yLow = api.coord([cat, api.value(2)])[1]!
      const yHigh = api.coord([cat, api.value(3)])[1]!
      const whisker = Math.min(8, slotWidth * 0.3)
      const children: Option[] = []
      const next = marks[params.dataIndex + 1]
      if (o.connect && next) {
        const [nx, ny] = at(next.category, next.e.value)
        children.push({ type: 'line', shape: { x1: cx, y1: cy, x2: nx, y2: ny }, style: { stroke: color, lineWidth: 1.5 } })
      }
      if (o.bar) {
        const y0 = api.coord([cat, 0])[1]!
        children.push({ type: 'rect', shape: { x: cx - slotWidth * 0.35, y: Math.min(y0, cy), width: slotWidth * 0.7, height: Math.abs(y0 - cy) }, style: { fill: withAlpha(color, 0.75) } })
      }
      children.push(
        { type: 'line', shape: { x1: cx, y1: yLow, x2: cx, y2: yHigh }, style: { stroke: o.bar ? '#00000099' : color, lineWidth: 1.5 } },
        { type: 'line', shape: { x1: cx - whisker, y1: yLow, x2: cx + whisker, y2: yLow }, style: { stroke: o.bar ? '#00000099' : color, lineWidth: 1.5 } },
        { type: 'line', shape: { x1: cx - whisker, y1: yHigh, x2: cx + whisker, y2: yHigh }, style: { stroke: o.bar ? '#00000099' : color, lineWidth: 1.5 } },
      )
      if (!o.bar) children.push({ type: 'circle', shape: { cx, cy, r: 4 }, style: { fill: color } })
      // The value beyond the interval's far end from zero: above the upper cap for a score
      // or gain ≥ 0, below the lower cap for a negative one. Placed 4 px above the upper end
      // always, a negative bar's label sat on its whisker and a positive one's touched its cap.
      if (o.labels) {
        const below = api.value(1) < 0
        const y = below ? Math.max(yLow, cy) + 6 : Math.min(yHigh, cy) - 6
        children.push({ type: 'text', style: { text: api.value(1).toFixed(2), x: cx, y, align: 'center', verticalAlign: below ? 'top' : 'bottom', fill: color, fontSize: 11 } })
      }
      return { type: 'group', children }
    },
  }
}

/** A tooltip line "0.71 [0.66, 0.76]" for an item with [x, value, low, high]. */
export function intervalTooltip(ink: Ink): Option {
  return {
    trigger: 'item',
    backgroundColor: ink.background,
    textStyle: { color: ink.text },
    formatter: (p: { seriesName: string; value: number[] }) => {
      const v = p.value
      return v.length >= 4 ? `${p.seriesName}<br/>${v[1]!.toFixed(3)} [${v[2]!.toFixed(3)}, ${v[3]!.toFixed(3)}]` : `${p.seriesName}<br/>${v.map((x) => (typeof x === 'number' ? x.toFixed(3) : x)).join(', ')}`
    },
  }
}

export { withAlpha }
