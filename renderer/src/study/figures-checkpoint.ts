/**
 * Figures whose x axis is the checkpoint fine-tuned from, as tokens seen on a log scale (the
 * paper's Figure 1): score after fine-tuning with the base beneath (latent gains), prompt
 * formats (format sensitivity), and seeds (every seed's score and their mean).
 */
import type { FormatSensitivityFinding, LatentGainsFinding, SeedsFinding } from '../../../shared/findings'
import type { Scheme } from '../charts/chart-theme'
import { baseOption, colorOf, inkOf, intervalTooltip, legend, lineWithBand, valueAxis, type Option, type XY } from './figure-kit'

/** Tokens when every point has them, else the step (both > 0 for a log axis). */
function xOf<T extends { step: number; tokens: number | null }>(points: T[]): { name: string; x(p: T): number } {
  const tokens = points.every((p) => p.tokens !== null && p.tokens > 0)
  return tokens ? { name: 'tokens seen in pre-training (log scale)', x: (p) => p.tokens! } : { name: 'pre-training step (log scale)', x: (p) => Math.max(1, p.step) }
}

/**
 * A log axis over the data's extent with a margin (not the enclosing powers of 10, which left
 * half the plot empty), labelled at 1, 2 and 5 × 10^k: ECharts puts log ticks only at powers
 * of the base, which left the study's 150k–2.5M tokens with a single label ("1M").
 */
const logAxis = (ink: ReturnType<typeof inkOf>, name: string, xs: number[]): Option => {
  const min = Math.min(...xs) / 1.4
  const max = Math.max(...xs) * 1.4
  const ticks = logTicks(min, max)
  return valueAxis(ink, name, {
    type: 'log',
    logBase: 10,
    scale: false,
    nameGap: 30,
    min,
    max,
    axisLabel: { color: ink.text, formatter: (v: number) => compact(v), customValues: ticks },
    axisTick: { customValues: ticks },
    minorTick: { show: false },
    splitLine: { show: false },
  })
}

/** 1-2-5 × 10^k inside [min, max]; then 1-2-3-5-7, then every integer multiple, until there are at least 3 (narrow ranges). */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0 && max > min)) return []
  const within = (mantissas: number[]) => {
    const out: number[] = []
    for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++)
      for (const m of mantissas) {
        const v = Number((m * 10 ** k).toPrecision(12))
        if (v >= min && v <= max) out.push(v)
      }
    return out
  }
  for (const mantissas of [[1, 2, 5], [1, 2, 3, 5, 7]]) {
    const ticks = within(mantissas)
    if (ticks.length >= 3) return ticks
  }
  return within([1, 2, 3, 4, 5, 6, 7, 8, 9])
}

export function compact(v: number): string {
  if (v >= 1e9) return `${+(v / 1e9).toFixed(1)}G`
  if (v >= 1e6) return `${+(v / 1e6).toFixed(1)}M`
  if (v >= 1e3) return `${+(v / 1e3).toFixed(1)}k`
  return String(+v.toFixed(2))
}

export function latentGainsOption(f: LatentGainsFinding, scheme: Scheme, background = false): Option | null {
  const curves = f.series.curves
  if (curves.length === 0) return null
  const ink = inkOf(scheme)
  const axis = xOf(curves.flatMap((c) => c.points))
  const series: Option[] = []
  curves.forEach((c, i) => {
    const color = colorOf(i, scheme)
    const ft: XY[] = c.points.filter((p) => p.finetuned).map((p) => ({ x: axis.x(p), e: p.finetuned! }))
    const base: XY[] = c.points.filter((p) => p.base).map((p) => ({ x: axis.x(p), e: p.base! }))
    series.push(...lineWithBand(`${c.task} fine-tuned`, color, ft))
    if (base.length) series.push(...lineWithBand(`${c.task} base`, color, base, { dashed: true, bandAlpha: 0.08 }))
  })
  return {
    ...baseOption(ink, background),
    legend: legend(ink),
    tooltip: intervalTooltip(ink),
    grid: { left: 64, right: 24, top: 30 + 22 * Math.ceil(curves.length / 2), bottom: 52 },
    xAxis: logAxis(ink, axis.name, curves.flatMap((c) => c.points.map((p) => axis.x(p)))),
    yAxis: valueAxis(ink, 'score (solid: after fine-tuning; dashed: base)'),
    series,
  }
}

export function formatOption(f: FormatSensitivityFinding, scheme: Scheme, background = false): Option | null {
  const { points, formats } = f.series
  if (points.length === 0) return null
  const ink = inkOf(scheme)
  const axis = xOf(points)
  return {
    ...baseOption(ink, background),
    legend: legend(ink),
    tooltip: intervalTooltip(ink),
    grid: { left: 64, right: 24, top: 36, bottom: 52 },
    xAxis: logAxis(ink, axis.name, points.map((p) => axis.x(p))),
    yAxis: valueAxis(ink, `score after fine-tuning, mean over ${f.series.tasks.join(', ')}`),
    series: formats.flatMap((fmt, i) => lineWithBand(fmt, colorOf(i, scheme), points.map((p) => ({ x: axis.x(p), e: p.formats[fmt]! })))),
  }
}

export function seedsOption(f: SeedsFinding, scheme: Scheme, background = false): Option | null {
  const tasks = f.series.tasks
  if (tasks.length === 0) return null
  const ink = inkOf(scheme)
  const axis = { name: 'pre-training step fine-tuned from (log scale)', x: (s: number) => Math.max(1, s) }
  const series: Option[] = []
  tasks.forEach((t, i) => {
    const color = colorOf(i, scheme)
    series.push(...lineWithBand(`${t.task} mean across seeds`, color, t.cells.map((c) => ({ x: axis.x(c.step), e: c.estimate }))))
    series.push({
      type: 'scatter',
      name: `${t.task} each seed`,
      symbolSize: 7,
      itemStyle: { color: 'transparent', borderColor: color, borderWidth: 1.5 },
      data: t.cells.flatMap((c) => c.estimate.seedValues.map((v) => [axis.x(c.step), v])),
      z: 4,
    })
  })
  return {
    ...baseOption(ink, background),
    legend: legend(ink),
    tooltip: intervalTooltip(ink),
    grid: { left: 64, right: 24, top: 30 + 22 * tasks.length, bottom: 52 },
    xAxis: logAxis(ink, axis.name, tasks.flatMap((t) => t.cells.map((c) => axis.x(c.step)))),
    yAxis: valueAxis(ink, 'score on the fine-tuned task'),
    series,
  }
}
