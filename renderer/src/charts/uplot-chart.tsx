/**
 * A thin React wrapper around uPlot: creates the plot when its options change, hands it new
 * data without re-creating it, keeps it as wide as its container, and destroys it on unmount.
 * The x range given is applied when it changes; new data alone keeps whatever range the plot
 * shows (a pan may have moved it since), unless no range is given, when it follows the data.
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
  /** True for a range the plot itself moved to (a pan, the wheel), and may have moved on from since: its scale is left alone. */
  shownByPlot?: (range: { min: number; max: number } | null) => boolean
  onCreate?: (plot: uPlot | null) => void
  'data-testid'?: string
}

export function UPlotChart({ options, data, xRange, shownByPlot, onCreate, ...rest }: UPlotChartProps) {
  const container = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const latest = useRef({ data, xRange, shownByPlot })
  /** The range last applied, to tell a new range from new data. */
  const applied = useRef<UPlotChartProps['xRange']>(null)

  const apply = (u: uPlot, next: Pick<UPlotChartProps, 'data' | 'xRange' | 'shownByPlot'>) => {
    const range = next.xRange
    const changed = !next.shownByPlot?.(range) && (range?.min !== applied.current?.min || range?.max !== applied.current?.max)
    applied.current = range
    const fresh = u.data !== next.data
    if (!fresh && !changed) return
    const x = u.scales.x
    u.batch(() => {
      // No range: the data's own (setData fits the x scale to it).
      if (fresh || range === null) u.setData(next.data, range === null)
      if (range && changed) u.setScale('x', range)
      // Same range, new data: redraw where the plot is (setData(…, false) alone draws nothing).
      else if (range && x?.min !== undefined && x.max !== undefined) u.setScale('x', { min: x.min, max: x.max })
    })
  }

  useEffect(() => {
    latest.current = { data, xRange, shownByPlot }
    if (plot.current) apply(plot.current, latest.current)
    // shownByPlot is asked at the time of applying, not a reason to apply.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, xRange])

  useEffect(() => {
    const el = container.current
    if (!el) return
    const u = new uPlot({ ...options, width: Math.max(100, el.clientWidth) } as uPlot.Options, latest.current.data, el)
    applied.current = latest.current.xRange
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
