/**
 * Trade-off scatter: per fine-tuned checkpoint, the gain on the task it was trained on (x)
 * against the score change on tasks learned in pre-training (y, mean over the chosen
 * retained tasks), one colour per replay ratio. Up and right is better on both counts.
 */
import { Group, MultiSelect, Text, useComputedColorScheme } from '@mantine/core'
import { useEffect, useMemo, useRef, useState } from 'react'
import { gain } from '../../../shared/forgetting'
import { seriesColor } from '../charts/chart-theme'
import { downloadBlob, fileSlug } from '../charts/export-data'
import { hrefFor } from '../routing/routes'
import { navigate } from '../routing/use-route'
import { chartPngBlob, optionToSvg, type ECharts, type EChartsOption } from './echarts'
import { EChartView } from './echart-view'
import { ExportMenu } from './export-menu'
import { registerHeatmap } from './heatmap-hook'
import { filterOptions, heatmapRows, pct, scoreIndex, type Filters, type Inputs } from './heatmap-model'
import { downloadTable, type Cell } from './table-export'

export interface TradeoffPoint {
  checkpointId: number
  label: string
  replay: number
  fromStep: number | null
  trainedTask: string
  x: number
  y: number
}

export function tradeoffPoints(inputs: Inputs, filters: Filters, retained: string[]): TradeoffPoint[] {
  const scores = scoreIndex(inputs.evaluations, filters)
  const pre = new Set(inputs.runs.filter((r) => r.kind === 'pretrain').map((r) => r.id))
  const baseAt = new Map(inputs.checkpoints.filter((c) => pre.has(c.runId)).map((c) => [c.step, c.id]))
  const points: TradeoffPoint[] = []
  for (const row of heatmapRows(inputs, 'gain', 'all')) {
    if (row.trainedTask === null || row.fromStep === null) continue
    const base = baseAt.get(row.fromStep)
    if (base === undefined) continue
    const at = (id: number, task: string) => scores.get(`${id}:${task}`)?.value
    const tb = at(base, row.trainedTask)
    const tf = at(row.checkpointId, row.trainedTask)
    const changes = retained.filter((t) => t !== row.trainedTask).flatMap((t) => {
      const b = at(base, t)
      const f = at(row.checkpointId, t)
      return b !== undefined && f !== undefined ? [gain(b, f)] : []
    })
    if (tb === undefined || tf === undefined || changes.length === 0) continue
    points.push({ checkpointId: row.checkpointId, label: row.label, replay: row.replay ?? 0, fromStep: row.fromStep, trainedTask: row.trainedTask, x: gain(tb, tf), y: changes.reduce((a, b) => a + b, 0) / changes.length })
  }
  return points
}

function scatterOption(points: TradeoffPoint[], scheme: 'light' | 'dark', background = false): EChartsOption {
  const replays = [...new Set(points.map((p) => p.replay))].sort((a, b) => a - b)
  const ink = scheme === 'dark' ? { text: '#e9ecef', grid: '#373a40', bg: '#1a1b1e' } : { text: '#212529', grid: '#dee2e6', bg: '#ffffff' }
  const axis = (name: string) => ({
    type: 'value',
    name,
    nameLocation: 'middle',
    nameGap: 32,
    nameTextStyle: { color: ink.text },
    axisLabel: { color: ink.text },
    splitLine: { lineStyle: { color: ink.grid } },
    axisLine: { onZero: true, lineStyle: { color: ink.text } },
  })
  return {
    animation: false,
    backgroundColor: background ? ink.bg : 'transparent',
    textStyle: { color: ink.text },
    legend: { top: 0, textStyle: { color: ink.text } },
    grid: { left: 70, right: 24, top: 36, bottom: 56 },
    tooltip: {
      formatter: (p: { data: { point: TradeoffPoint } }) =>
        `<b>${p.data.point.label}</b><br/>gain on ${p.data.point.trainedTask}: ${p.data.point.x.toFixed(3)}<br/>retained change: ${p.data.point.y.toFixed(3)}`,
    },
    xAxis: axis('gain on the fine-tuning task (fine-tuned − base)'),
    yAxis: axis('change on retained tasks'),
    series: replays.map((r, i) => ({
      type: 'scatter',
      name: `replay ${pct(r)}`,
      symbolSize: 11,
      itemStyle: { color: seriesColor(i, scheme) },
      data: points.filter((p) => p.replay === r).map((p) => ({ value: [p.x, p.y], point: p })),
    })),
  }
}

export function TradeoffScatter({ inputs, filters }: { inputs: Inputs; filters: Filters }) {
  const scheme = useComputedColorScheme('light')
  const tasks = filterOptions(inputs.evaluations, inputs.runs).tasks
  const trained = new Set(inputs.runs.map((r) => r.plan?.task).filter(Boolean))
  const [chosen, setChosen] = useState<string[] | null>(null)
  const defaults = tasks.includes('facts') ? ['facts'] : tasks.filter((t) => !trained.has(t))
  const retainedKey = (chosen ?? defaults).join('\u0000')
  const retained = useMemo(() => (retainedKey === '' ? [] : retainedKey.split('\u0000')), [retainedKey])
  const points = useMemo(() => tradeoffPoints(inputs, filters, retained), [inputs, filters, retained])
  const option = useMemo(() => scatterOption(points, scheme), [points, scheme])
  const chart = useRef<ECharts | null>(null)
  const latest = useRef(points)
  useEffect(() => {
    latest.current = points
  }, [points])
  useEffect(() => registerHeatmap('tradeoff', { snapshot: () => ({ heatmap: null, points: latest.current, drawCount: 0, lastDrawMs: 0 }), cellCenter: () => null }), [])

  const columns = ['checkpoint_id', 'checkpoint', 'replay', 'from_step', 'trained_task', 'target_gain', 'retained_change']
  const table: Cell[][] = points.map((p) => [p.checkpointId, p.label, p.replay, p.fromStep, p.trainedTask, p.x, p.y])
  const exportAs = async (f: 'csv' | 'json' | 'png' | 'svg') => {
      if (f === 'csv' || f === 'json') return downloadTable('trade-off gain vs retained', f, columns, table, { retained })
      const c = chart.current
      if (!c) throw new Error('The scatter is not drawn yet')
      if (f === 'png') downloadBlob(await chartPngBlob(c, scheme === 'dark' ? '#1a1b1e' : '#ffffff'), `${fileSlug('trade-off')}.png`)
      else downloadBlob(new Blob([optionToSvg(scatterOption(points, scheme, true), c.getWidth(), c.getHeight())], { type: 'image/svg+xml' }), 'trade-off.svg')
  }
  return (
    <div data-testid="tradeoff">
      <Group justify="space-between" align="flex-end" mb="xs">
        <MultiSelect size="xs" w={360} label="Retained knowledge: tasks learned in pre-training" data={tasks} value={retained} onChange={setChosen} data-testid="retained-tasks" />
        <ExportMenu formats={['csv', 'json', 'png', 'svg']} what="the trade-off scatter" onExport={exportAs} testId="export-tradeoff" />
      </Group>
      {points.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl">
          No fine-tuned checkpoint has scores on both its own task and a retained task, with its base checkpoint evaluated too.
        </Text>
      ) : (
        <EChartView option={option} height={360} label="Trade-off: target gain against retained knowledge" testId="tradeoff-canvas" onDraw={(c) => (chart.current = c)} onClick={(p) => {
          const point = (p.data as { point?: TradeoffPoint }).point
          if (point) navigate(hrefFor({ page: 'checkpoint', checkpointId: point.checkpointId }))
        }} />
      )}
    </div>
  )
}
