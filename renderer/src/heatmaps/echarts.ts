/**
 * The one module that imports ECharts: only the chart types and components the heatmaps and
 * the trade-off scatter and the Study page's figures (lines, custom interval marks) use, the canvas renderer on screen and the SVG renderer for export.
 */
import * as echarts from 'echarts/core'
import { CustomChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts'
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'
import { canvasPng } from '../charts/export-data'

echarts.use([HeatmapChart, ScatterChart, LineChart, CustomChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent, CanvasRenderer, SVGRenderer])

export type EChartsOption = echarts.EChartsCoreOption
export type ECharts = echarts.EChartsType
export { echarts }

/** The same picture, drawn offscreen by the SVG renderer, as an SVG document. */
export function optionToSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({ ...option, animation: false })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}

/**
 * The chart on screen as a PNG, at `pixelRatio`, on `background`. Drawn to a canvas and
 * encoded there: fetching `getDataURL()`'s data: URL is a connection the CSP refuses
 * (connect-src allows the app and the local WebSocket only), which broke this export.
 */
export function chartPngBlob(chart: ECharts, background: string, pixelRatio = 2): Promise<Blob> {
  const canvas = chart.getRenderedCanvas({ pixelRatio, backgroundColor: background })
  return canvasPng(canvas)
}
