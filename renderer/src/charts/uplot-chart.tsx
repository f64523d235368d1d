/**
 * A thin React wrapper around uPlot: creates the plot when its options change, hands it new
 * data without re-creating it, keeps it as wide as its container, and destroys it on unmount.
 * Everything else (series, hooks, plugins) comes in through `options`.
 */
import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

export interface UPlotChartProps {
  options: Omit<uPlot.Options, 'width'>
  data: uPlot.AlignedData
  /** Keeps the x scale here across new data (a zoom); null follows the data. */
  xRange: { min: number; max: number } | null
  onCreate?: (plot: uPlot | null) => void
  'data-testid'?: string
}

export function UPlotChart({ options, data, xRange, onCreate, ...rest }: UPlotChartProps) {
  const container = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const latest = useRef({ data, xRange })

  const apply = (u: uPlot, next: { data: uPlot.AlignedData; xRange: UPlotChartProps['xRange'] }) => {
    u.batch(() => {
      u.setData(next.data, next.xRange === null)
      if (next.xRange) u.setScale('x', next.xRange)
    })
  }

  useEffect(() => {
    latest.current = { data, xRange }
    if (plot.current) apply(plot.current, latest.current)
  }, [data, xRange])

  useEffect(() => {
    const el = container.current
    if (!el) return
    const u = new uPlot({ ...options, width: Math.max(100, el.clientWidth) } as uPlot.Options, latest.current.data, el)
    if (latest.current.xRange) u.setScale('x', latest.current.xRange)
    plot.current = u
    onCreate?.(u)
    let frame = 0
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => {
        const width = Math.max(100, el.clientWidth)
        if (width !== u.width) u.setSize({ width, height: options.height })
      })
    })
    observer.observe(el)
    return () => {
      cancelAnimationFrame(frame)
      observer.disconnect()
      onCreate?.(null)
      plot.current = null
      u.destroy()
    }
    // onCreate is a callback for the caller's bookkeeping, not a reason to rebuild the plot.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [options])

  return <div ref={container} style={{ width: '100%', minHeight: options.height, position: 'relative' }} {...rest} />
}
