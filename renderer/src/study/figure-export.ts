/**
 * A figure as files: SVG from ECharts' SVG renderer (the same option, drawn offscreen), PNG
 * from the chart on screen encoded in place (no data: URL is fetched: the CSP's connect-src
 * refuses it). Both on the scheme's background, so they read outside the app.
 */
import type { Finding } from '../../../shared/findings'
import { CHART_COLORS, type Scheme } from '../charts/chart-theme'
import { downloadBlob, fileSlug } from '../charts/export-data'
import { chartPngBlob, optionToSvg, type ECharts } from '../heatmaps/echarts'
import { figureOf } from './figures'

export const FIGURE_WIDTH = 900

/** The finding's figure as an SVG document, `width` wide; null when there is nothing to draw. */
export function figureSvg(f: Finding, scheme: Scheme, width = FIGURE_WIDTH): string | null {
  const figure = figureOf(f, scheme, true)
  return figure ? optionToSvg(figure.option, width, figure.height) : null
}

export const figureFileName = (f: Finding) => `finding-${f.number}-${fileSlug(f.title)}`

export function downloadSvg(f: Finding, scheme: Scheme, width: number): void {
  const svg = figureSvg(f, scheme, width)
  if (!svg) throw new Error('this finding has no figure to export')
  downloadBlob(new Blob([svg], { type: 'image/svg+xml' }), `${figureFileName(f)}.svg`)
}

export async function downloadPng(f: Finding, chart: ECharts, scheme: Scheme): Promise<void> {
  downloadBlob(await chartPngBlob(chart, CHART_COLORS[scheme].background, 2), `${figureFileName(f)}.png`)
}
