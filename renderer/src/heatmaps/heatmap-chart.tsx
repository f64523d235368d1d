/**
 * A heatmap card: the ECharts heatmap, a caption that states the colour scale, and export
 * of its cells (CSV, JSON) and its picture (PNG, SVG). Clicking a cell opens its checkpoint.
 */
import { Group, Text, useComputedColorScheme } from '@mantine/core'
import { useEffect, useMemo, useRef } from 'react'
import { downloadBlob, fileSlug } from '../charts/export-data'
import { hrefFor } from '../routing/routes'
import { navigate } from '../routing/use-route'
import type { ECharts } from './echarts'
import { chartPngBlob, optionToSvg } from './echarts'
import { EChartView } from './echart-view'
import { ExportMenu } from './export-menu'
import { registerHeatmap } from './heatmap-hook'
import type { Heatmap, HeatmapMetric } from './heatmap-model'
import { CORPUS_SCALE_LABEL, corpusScaleColors, formatValue, heatmapHeight, heatmapOption, scaleColors } from './heatmap-option'
import { HEATMAP_COLUMNS, downloadTable, heatmapTable } from './table-export'

export function HeatmapChart({ id, title, heatmap, metric }: { id: string; title: string; heatmap: Heatmap; metric: HeatmapMetric | 'difference' }) {
  const scheme = useComputedColorScheme('light')
  const option = useMemo(() => heatmapOption(heatmap, metric, scheme), [heatmap, metric, scheme])
  const height = heatmapHeight(heatmap)
  const chart = useRef<ECharts | null>(null)
  const stats = useRef({ drawCount: 0, lastDrawMs: 0 })
  const latest = useRef(heatmap)
  useEffect(() => {
    latest.current = heatmap
  }, [heatmap])

  useEffect(
    () =>
      registerHeatmap(id, {
        snapshot: () => ({ heatmap: latest.current, ...stats.current }),
        cellCenter(row, col) {
          const c = chart.current
          if (!c) return null
          const [x, y] = c.convertToPixel({ seriesIndex: 0 }, [col, row]) as [number, number]
          const rect = c.getDom().getBoundingClientRect()
          return { x: rect.left + x, y: rect.top + y }
        },
      }),
    [id],
  )

  const evaluated = heatmap.cells.filter((c) => c.value !== null && !c.lowerIsBetter)
  const corpus = heatmap.cells.filter((c) => c.value !== null && c.lowerIsBetter)
  const missing = heatmap.cells.filter((c) => c.value === null)
  const colors = scaleColors(heatmap, metric, scheme)
  const { scale } = heatmap

  const exportAs = async (format: 'csv' | 'json' | 'png' | 'svg') => {
      if (format === 'csv' || format === 'json') return downloadTable(title, format, HEATMAP_COLUMNS, heatmapTable(heatmap), { metric, scale })
      const c = chart.current
      if (!c) throw new Error('The heatmap is not drawn yet')
      if (format === 'png') downloadBlob(await chartPngBlob(c, scheme === 'dark' ? '#1a1b1e' : '#ffffff'), `${fileSlug(title)}.png`)
      else {
        const svg = optionToSvg(heatmapOption(heatmap, metric, scheme, { background: true }), c.getWidth(), c.getHeight())
        downloadBlob(new Blob([svg], { type: 'image/svg+xml' }), `${fileSlug(title)}.svg`)
      }
  }

  return (
    <div data-testid={`heatmap-${id}`} data-rows={heatmap.rows.length} data-columns={heatmap.columns.length}>
      <Group justify="space-between" wrap="nowrap" gap="sm" mb={4}>
        <Group gap="xs" wrap="nowrap" data-testid="heatmap-scale" data-kind={scale.kind} data-min={scale.min} data-max={scale.max} data-center={scale.center ?? ''}>
          <div style={{ width: 120, height: 10, borderRadius: 2, background: `linear-gradient(to right, ${colors.join(', ')})` }} aria-hidden />
          <Text size="xs" c="dimmed">
            {scale.kind === 'diverging'
              ? `${formatValue(metric, scale.min)} … 0 … ${formatValue(metric, scale.max)}: diverging, centred on zero (neutral = no change; ${metric === 'forgetting' ? 'red = forgotten' : 'red = lost, blue = gained'})`
              : `${formatValue(metric, scale.min)} … ${formatValue(metric, scale.max)}: sequential`}
            {` · ${evaluated.length + corpus.length} evaluated, ${missing.length} not evaluated (hatched grey)`}
          </Text>
        </Group>
        {heatmap.corpusScale && (
          <Group gap="xs" wrap="nowrap" data-testid="heatmap-corpus-scale" data-min={heatmap.corpusScale.min} data-max={heatmap.corpusScale.max}>
            <div style={{ width: 80, height: 10, borderRadius: 2, background: `linear-gradient(to right, ${corpusScaleColors(heatmap, metric, scheme).join(', ')})` }} aria-hidden />
            <Text size="xs" c="dimmed">
              {`corpus:* columns, ${CORPUS_SCALE_LABEL}${metric === 'score' ? '' : ' (red = loss rose)'}`}
            </Text>
          </Group>
        )}
        {/* The button keeps its width; the legends' text wraps (it was cut to "Exp" at 1024 px). */}
        <div style={{ flex: 'none' }}>
          <ExportMenu formats={['csv', 'json', 'png', 'svg']} what={title} onExport={exportAs} testId={`export-${id}`} />
        </div>
      </Group>
      <EChartView
        option={option}
        height={height}
        label={title}
        testId={`heatmap-canvas-${id}`}
        onDraw={(c, ms) => {
          chart.current = c
          stats.current = { drawCount: stats.current.drawCount + 1, lastDrawMs: ms }
        }}
        onClick={(p) => {
          const cells = p.seriesIndex === 0 ? evaluated : p.seriesIndex === 1 ? missing : corpus
          const cell = cells[p.dataIndex]
          if (cell) navigate(hrefFor({ page: 'checkpoint', checkpointId: cell.checkpointId }))
        }}
      />
    </div>
  )
}
