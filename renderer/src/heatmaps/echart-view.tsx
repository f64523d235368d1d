/**
 * An ECharts instance (canvas renderer) in a div: created once, given each new option in
 * full, resized with its container, disposed on unmount. Reports how long each synchronous
 * draw took, so the benchmark and the tests can read it.
 */
import { useEffect, useEffectEvent, useRef } from 'react'
import { echarts, type ECharts, type EChartsOption } from './echarts'

export interface EChartViewProps {
  option: EChartsOption
  height: number
  onClick?(params: { seriesIndex?: number; dataIndex: number; data: unknown }): void
  onDraw?(chart: ECharts, ms: number): void
  testId?: string
  label: string
}

export function EChartView({ option, height, onClick, onDraw, testId, label }: EChartViewProps) {
  const ref = useRef<HTMLDivElement>(null)
  const chartRef = useRef<ECharts | null>(null)
  const click = useEffectEvent((params: { seriesIndex?: number; dataIndex: number; data: unknown }) => onClick?.(params))

  useEffect(() => {
    const el = ref.current!
    const chart = echarts.init(el, null, { renderer: 'canvas' })
    chartRef.current = chart
    chart.on('click', (params) => click(params as { seriesIndex?: number; dataIndex: number; data: unknown }))
    const observer = new ResizeObserver(() => chart.resize())
    observer.observe(el)
    return () => {
      observer.disconnect()
      chart.dispose()
      chartRef.current = null
    }
  }, [])

  const drawn = useEffectEvent((chart: ECharts, ms: number) => onDraw?.(chart, ms))
  useEffect(() => {
    const chart = chartRef.current
    if (!chart) return
    const started = performance.now()
    // The div already has this height (a resize would lay out and paint the old option again).
    if (chart.getHeight() !== height) chart.resize({ height })
    chart.setOption(option, { notMerge: true })
    chart.getZr().flush()
    drawn(chart, performance.now() - started)
  }, [option, height])

  return <div ref={ref} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />
}
