/**
 * The ECharts option for a heatmap: cells coloured by a sequential scale (raw scores) or a
 * diverging one centred on zero (changes), with the legend drawn by the visual map; cells
 * not yet evaluated drawn grey and hatched; a tooltip with the value, 95% interval and n, and
 * how many prompts were cut to the context.
 */
import { truncationText } from '../../../shared/prompt-truncation'
import type { EChartsOption } from './echarts'
import type { Heatmap, HeatmapCell, HeatmapMetric } from './heatmap-model'
import { inkOn, scaleColorAt } from './cell-ink'

export type Scheme = 'light' | 'dark'

const SEQUENTIAL = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725']
/** Low (red, lost) → neutral at zero → high (blue, gained). */
const DIVERGING: Record<Scheme, string[]> = {
  light: ['#b2182b', '#ef8a62', '#fddbc7', '#f7f7f7', '#d1e5f0', '#67a9cf', '#2166ac'],
  dark: ['#d6604d', '#a4493c', '#5a3330', '#2e2e33', '#2b3f55', '#3f78a8', '#6baed6'],
}
const INK: Record<Scheme, { text: string; dim: string; grid: string; missing: string; hatch: string; bg: string }> = {
  light: { text: '#212529', dim: '#5c5f66', grid: '#dee2e6', missing: '#e9ecef', hatch: '#adb5bd', bg: '#ffffff' },
  dark: { text: '#e9ecef', dim: '#a6a7ab', grid: '#373a40', missing: '#2c2e33', hatch: '#5c5f66', bg: '#1a1b1e' },
}

export function formatValue(metric: HeatmapMetric | 'difference', value: number): string {
  if (metric === 'ratio') return `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value * 100).toFixed(1)}%`
  if (metric === 'score') return value.toFixed(3)
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(3)}`
}

/** Colours of the scale from its low end to its high end. Forgetting is "bad when high", so red sits high. */
export function scaleColors(h: Pick<Heatmap, 'scale'>, metric: HeatmapMetric | 'difference', scheme: Scheme): string[] {
  if (h.scale.kind === 'sequential') return SEQUENTIAL
  const colors = DIVERGING[scheme]
  return metric === 'forgetting' ? [...colors].reverse() : colors
}

/**
 * The corpus-loss columns' colours, low end first. Lower loss is better, so the good end is
 * reversed: bright at the LOW end of the sequential scale, and red (worse) for a RISE in loss.
 */
export function corpusScaleColors(h: Pick<Heatmap, 'corpusScale'>, metric: HeatmapMetric | 'difference', scheme: Scheme): string[] {
  if (!h.corpusScale || h.corpusScale.kind === 'sequential') return [...SEQUENTIAL].reverse()
  const colors = DIVERGING[scheme]
  return metric === 'difference' ? colors : [...colors].reverse()
}

/** A cell as an ECharts data item, its number in the ink that reads on its colour. */
const inked = (c: HeatmapCell, min: number, max: number, stops: readonly string[]) => ({
  value: [c.col, c.row, c.value!],
  label: { color: inkOn(scaleColorAt(c.value!, min, max, stops)) },
})

/** What the corpus columns' legend says, so nobody reads a high loss as a good score. */
export const CORPUS_SCALE_LABEL = 'held-out loss: lower is better'

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

export function cellTooltip(h: Heatmap, cell: HeatmapCell, metric: HeatmapMetric | 'difference'): string {
  const row = h.rows[cell.row]!
  const lines = [`<b>${escape(row.label)}</b>`, `task <b>${escape(cell.task)}</b>`]
  if (cell.value === null) {
    lines.push(cell.score === null ? '<i>not evaluated</i>' : '<i>base checkpoint not evaluated</i>')
    return lines.join('<br/>')
  }
  lines.push(`${metric === 'difference' ? 'difference' : metric}: <b>${formatValue(metric, cell.value)}</b>${cell.lowerIsBetter ? ` (${CORPUS_SCALE_LABEL})` : ''}`)
  if (cell.score !== null && metric !== 'score') lines.push(`${metric === 'difference' ? 'left' : 'score'} ${cell.score.toFixed(3)}${cell.base !== null ? ` · ${metric === 'difference' ? 'right' : 'base'} ${cell.base.toFixed(3)}` : ''}`)
  if (cell.ciLow !== null && cell.ciHigh !== null) lines.push(`95% interval [${cell.ciLow.toFixed(3)}, ${cell.ciHigh.toFixed(3)}]`)
  if (cell.n !== null) lines.push(`n = ${cell.n.toLocaleString('en-US')}${cell.scoreMetric ? ` · ${cell.scoreMetric}` : ''}`)
  const cut = cell.n === null ? null : truncationText(cell.truncated, cell.n, cell.context)
  if (cut) lines.push(`<span style="color:#e8590c">${escape(cut)}</span>`)
  return lines.join('<br/>')
}

export function heatmapHeight(h: Heatmap): number {
  // At least 18 px a row, the height of an 11 px label with room between rows (56 rows at 12 px were hard to read).
  return Math.max(260, Math.min(26, Math.max(18, 600 / Math.max(1, h.rows.length))) * h.rows.length + 150)
}

export function heatmapOption(h: Heatmap, metric: HeatmapMetric | 'difference', scheme: Scheme, options: { animation?: boolean; background?: boolean } = {}): EChartsOption {
  const ink = INK[scheme]
  const colors = scaleColors(h, metric, scheme)
  const evaluated = h.cells.filter((c) => c.value !== null && !c.lowerIsBetter)
  const corpus = h.cells.filter((c) => c.value !== null && c.lowerIsBetter)
  const missing = h.cells.filter((c) => c.value === null)
  const showLabels = h.cells.length <= 360
  // Row labels: the group ("from step 200") on its first row only, then what tells each row apart.
  const firstOfGroup = h.rows.map((r, i) => i === 0 || h.rows[i - 1]!.group !== r.group)
  const longestGroup = Math.max(0, ...h.rows.map((r) => r.group.length))
  const longest = Math.max(10, ...h.rows.map((r) => r.sub.length)) + longestGroup + 2
  const { min, max } = h.scale
  const corpusScale = h.corpusScale
  const fmt = (v: number) => formatValue(metric, v)
  return {
    animation: options.animation ?? false,
    backgroundColor: options.background ? ink.bg : 'transparent',
    textStyle: { fontFamily: 'Inter, system-ui, sans-serif', color: ink.text },
    tooltip: {
      confine: true,
      className: 'heatmap-tooltip',
      formatter: (p: { seriesIndex: number; dataIndex: number }) => {
        const cell = (p.seriesIndex === 0 ? evaluated : p.seriesIndex === 1 ? missing : corpus)[p.dataIndex]
        return cell ? cellTooltip(h, cell, metric) : ''
      },
    },
    // Room on the right for both colour legends and their labels ("1.000 (worse)" ran into the cells at 200).
    grid: { left: Math.min(340, longest * 6.6 + 16), right: h.corpusScale ? 240 : 110, top: 16, bottom: 90 },
    xAxis: {
      type: 'category',
      data: h.columns,
      // Tilted once there are more than four tasks: at 1024 px five cells are about 32 px wide and level names ran together.
      axisLabel: { color: ink.text, rotate: h.columns.length > 10 ? 45 : h.columns.length > 4 ? 30 : 0, interval: 0 },
      axisLine: { lineStyle: { color: ink.grid } },
      axisTick: { show: false },
      splitArea: { show: false },
      name: 'task',
      nameLocation: 'middle',
      nameGap: h.columns.length > 10 ? 70 : h.columns.length > 4 ? 50 : 30,
      nameTextStyle: { color: ink.dim },
    },
    yAxis: {
      type: 'category',
      data: h.rows.map((r) => r.key),
      inverse: true,
      axisLabel: {
        color: ink.text,
        fontSize: 11,
        interval: 0,
        formatter: (_: string, i: number) => {
          const r = h.rows[i]
          if (!r) return ''
          return firstOfGroup[i] ? `{group|${r.group}}  {sub|${r.sub}}` : `{sub|${r.sub}}`
        },
        rich: { group: { fontWeight: 600, color: ink.text, fontSize: 11 }, sub: { color: ink.text, fontSize: 11 } },
      },
      axisLine: { lineStyle: { color: ink.grid } },
      axisTick: { show: false },
    },
    visualMap: [{
      type: 'continuous',
      seriesIndex: 0,
      min,
      max,
      calculable: false,
      realtime: false,
      orient: 'vertical',
      right: 8,
      top: 'middle',
      itemHeight: 180,
      precision: 3,
      text: [fmt(max), fmt(min)],
      textStyle: { color: ink.text },
      inRange: { color: colors },
      formatter: (v: number) => fmt(v),
    },
    ...(h.corpusScale
      ? [
          {
            type: 'continuous' as const,
            seriesIndex: 2,
            min: h.corpusScale.min,
            max: h.corpusScale.max,
            calculable: false,
            realtime: false,
            orient: 'vertical' as const,
            right: 110,
            top: 'middle',
            itemHeight: 180,
            precision: 3,
            text: [`${fmt(h.corpusScale.max)} (worse)`, `${fmt(h.corpusScale.min)} (better)`],
            textStyle: { color: ink.text },
            inRange: { color: corpusScaleColors(h, metric, scheme) },
            formatter: (v: number) => fmt(v),
          },
        ]
      : [])],
    series: [
      {
        type: 'heatmap',
        name: 'evaluated',
        data: evaluated.map((c) => inked(c, min, max, colors)),
        label: { show: showLabels, fontSize: 10, formatter: (p: { value: [number, number, number] }) => fmt(p.value[2]) },
        itemStyle: { borderColor: ink.bg, borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: ink.text, borderWidth: 1 } },
        progressive: 0,
      },
      {
        type: 'heatmap',
        name: 'not evaluated',
        data: missing.map((c) => [c.col, c.row, 0]),
        label: { show: showLabels, fontSize: 9, color: ink.dim, formatter: () => 'n/e' },
        itemStyle: {
          color: ink.missing,
          borderColor: ink.bg,
          borderWidth: 1,
          decal: { symbol: 'rect', symbolSize: 1, color: ink.hatch, dashArrayX: [1, 0], dashArrayY: [1, 4], rotation: -Math.PI / 4 },
        },
        progressive: 0,
      },
      {
        type: 'heatmap',
        name: CORPUS_SCALE_LABEL,
        data: corpusScale ? corpus.map((c) => inked(c, corpusScale.min, corpusScale.max, corpusScaleColors(h, metric, scheme))) : [],
        label: { show: showLabels, fontSize: 10, formatter: (p: { value: [number, number, number] }) => fmt(p.value[2]) },
        itemStyle: { borderColor: ink.bg, borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: ink.text, borderWidth: 1 } },
        progressive: 0,
      },
    ],
  }
}
