/**
 * A small uPlot chart for the schedule editor's previews (learning rate, replay rows): the
 * lines are computed by the same `shared/` functions the worker runs, and what is plotted is
 * published on `window.__continuumCharts[id]` for the e2e tests.
 */
import { Text, useComputedColorScheme } from '@mantine/core'
import { useMemo } from 'react'
import uPlot from 'uplot'
import { CHART_COLORS, seriesColor } from '../charts/chart-theme'
import { usePreviewChartHook } from '../charts/test-hook'
import { UPlotChart } from '../charts/uplot-chart'
import { formatMetric } from '../format/numbers'

export interface PreviewLine {
  label: string
  y: number[]
}

export function PreviewChart({ id, title, x, lines, height = 130, stepped = false, yLabel }: { id: string; title: string; x: number[]; lines: PreviewLine[]; height?: number; stepped?: boolean; yLabel: string }) {
  const scheme = useComputedColorScheme('light')
  const colors = CHART_COLORS[scheme]
  const labels = lines.map((l) => l.label).join('\u0000')
  const options = useMemo<Omit<uPlot.Options, 'width'>>(() => {
    const axis = { stroke: colors.dimText, grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid, width: 1 }, font: '11px system-ui, sans-serif' }
    return {
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 5 } },
      scales: { x: { time: false } },
      axes: [
        { ...axis, size: 28 },
        { ...axis, size: 54, values: (_u, ticks) => ticks.map((t) => formatMetric(t)) },
      ],
      series: [
        { label: 'step' },
        ...labels.split('\u0000').map((label, i) => ({
          label,
          stroke: seriesColor(i, scheme),
          width: 1.75,
          points: { show: false },
          ...(stepped ? { paths: uPlot.paths.stepped!({ align: 1 }) } : {}),
        })),
      ],
    }
  }, [colors, scheme, height, labels, stepped])
  const data = useMemo(() => [x, ...lines.map((l) => l.y)] as uPlot.AlignedData, [x, lines])

  usePreviewChartHook(id, title, x, lines)

  return (
    <div>
      <Text size="xs" fw={500} mb={2}>
        {title}
        <Text span size="xs" c="dimmed" ml={6}>
          {yLabel}
        </Text>
        {lines.length > 1 &&
          lines.map((l, i) => (
            <Text key={l.label} span size="xs" ml={8} c="dimmed">
              <span style={{ display: 'inline-block', width: 10, height: 3, marginRight: 4, verticalAlign: 'middle', background: seriesColor(i, scheme) }} />
              {l.label}
            </Text>
          ))}
      </Text>
      <UPlotChart options={options} data={data} xRange={null} data-testid={`preview-${id}`} />
    </div>
  )
}
