/**
 * One metric chart: its lines fetched at the plot's resolution (re-queried on every zoom and
 * pan, tailed while a job runs), drawn by uPlot with min–max bands, optional debiased-EMA smoothing,
 * vertical markers and a cursor tooltip, in the current colour scheme; with a legend and an
 * export menu (CSV, JSON, PNG, SVG). Its drawn arrays are readable through
 * `window.__continuumCharts[id]`.
 */
import { ActionIcon, Group, Loader, Menu, Paper, Text, Tooltip, useComputedColorScheme } from '@mantine/core'
import { useElementSize } from '@mantine/hooks'
import { IconDownload } from '@tabler/icons-react'
import { useEffect, useMemo, useRef, useState } from 'react'
import type uPlot from 'uplot'
import { reportError } from '../api/report-error'
import { formatInteger, formatMetric } from '../format/numbers'
import { buildOptions, LiveBox } from './chart-options'
import { CHART_COLORS } from './chart-theme'
import { downloadBlob, fileSlug, toCsv, toJson } from './export-data'
import { chartPng, chartSvg, type ChartMarker, type ChartPicture } from './export-image'
import { buildPlotData, nearestIndex, type LineSpec } from './plot-data'
import { ChartProbe, useMetricChartHook } from './test-hook'
import type { TooltipContent } from './tooltip-plugin'
import { UPlotChart } from './uplot-chart'
import { useChartSeries, type XRange } from './use-chart-series'
import { formatXExact, stepToX, X_MODE_LABELS, type MarkerSpec, type XMode } from './x-axis'

export type { MarkerSpec } from './x-axis'

export interface MetricChartProps {
  id: string
  title: string
  specs: readonly LineSpec[]
  mode: XMode
  zoom: XRange | null
  onZoom: (range: XRange | null) => void
  /** EMA weight α, or null for no smoothing. */
  smoothing: number | null
  showRaw: boolean
  clipOutliers?: boolean
  /** A log y axis (for positive metrics such as loss). */
  logY?: boolean
  markers?: readonly MarkerSpec[]
  height?: number
  syncKey?: string
  emptyText?: string
  /** The x range to show when not zoomed (charts of one page share it); default: this chart's data. */
  fullRange?: XRange | null
  /** Reports this chart's data extent on x, so a page can line its charts up. */
  onExtent?: (id: string, extent: XRange | null) => void
}

const NO_MARKERS: readonly MarkerSpec[] = []

export function MetricChart(props: MetricChartProps) {
  const { id, title, specs, mode, zoom, onZoom, smoothing, showRaw, clipOutliers = false, logY = false, markers = NO_MARKERS, height = 240, syncKey, emptyText, fullRange = null, onExtent } = props
  const scheme = useComputedColorScheme('light')
  const colors = CHART_COLORS[scheme]
  const { ref: sizeRef, width } = useElementSize()
  // About one bucket per pixel of plot, in steps of 100 px so a resize does not refetch (the
  // store answers with between half and all of that: whole blocks make up each bucket).
  const maxBuckets = width > 0 ? Math.min(4000, Math.max(100, Math.ceil((width - 60) / 100) * 100)) : 0
  const series = useChartSeries(specs, { maxBuckets, zoom, mode })
  const plot = useMemo(() => buildPlotData(series.lines, mode, smoothing), [series.lines, mode, smoothing])

  const extentMin = plot.arrays.reduce((m, a) => (a.x.length > 0 ? Math.min(m, a.x[0]!) : m), Infinity)
  const extentMax = plot.arrays.reduce((m, a) => (a.x.length > 0 ? Math.max(m, a.x[a.x.length - 1]!) : m), -Infinity)
  useEffect(() => {
    if (!series.loaded || series.fetching) return
    onExtent?.(id, extentMin <= extentMax ? { min: extentMin, max: extentMax } : null)
  }, [id, onExtent, extentMin, extentMax, series.loaded, series.fetching])

  const resolvedMarkers = useMemo<ChartMarker[]>(() => {
    const out: ChartMarker[] = []
    for (const m of markers) {
      let x: number | null | undefined = m.at?.[mode]
      if (x === undefined && m.step !== undefined) {
        const line = series.lines.find((l) => l.runId === m.runId)
        if (line) x = stepToX(line.segment, mode, m.step, series.overview[line.id]?.buckets ?? line.buckets)
      }
      if (x !== null && x !== undefined && Number.isFinite(x)) out.push({ x, label: m.label, kind: m.kind })
    }
    return out
  }, [markers, mode, series.lines, series.overview])

  /** Draws, and what `settled()` waits for, for the test hook. */
  const [probe] = useState(() => new ChartProbe(zoom))
  // A stable box the plot's hooks read at call time.
  const [live] = useState(() => new LiveBox())
  /** Band edges the y range left off the plot, said in the header. */
  const [clipped, setClipped] = useState<{ below: number | null; above: number | null }>({ below: null, above: null })
  const plotRef = useRef<uPlot | null>(null)

  const describe = useMemo(() => {
    const lines = series.lines
    return (x: number): TooltipContent | null => {
      const rows: TooltipContent['rows'] = []
      let title: string | null = null
      plot.arrays.forEach((a, i) => {
        const line = lines[i]!
        const k = nearestIndex(a.x, x)
        if (k < 0) return
        const b = a.buckets
        // A line that has not started yet, or has ended, at the cursor is left out.
        const span = (a.x[a.x.length - 1]! - a.x[0]!) / Math.max(1, a.x.length - 1)
        if (a.x.length > 1 && (x < a.x[0]! - span || x > a.x[a.x.length - 1]! + span)) return
        title ??= `${X_MODE_LABELS[mode]} ${formatXExact(mode, x)}`
        const smoothed = smoothing !== null ? a.smoothed?.[k] : null
        const count = b.count[k]!
        const detail = [
          smoothing !== null && smoothed !== null && smoothed !== undefined ? `raw ${formatMetric(b.last[k]!)}` : null,
          count > 1 ? `min ${formatMetric(b.min[k]!)} · max ${formatMetric(b.max[k]!)} · ${formatInteger(count)} pts` : null,
          // Where this line's nearest point is, when that is not where the cursor is.
          Math.abs(a.x[k]! - x) > span * 0.5 || mode !== 'step' ? `at step ${formatInteger(b.lastStep[k]!)}` : null,
        ]
          .filter(Boolean)
          .join(' · ')
        rows.push({
          color: line.color,
          label: line.label,
          value: formatMetric(smoothed ?? b.last[k]!),
          ...(detail ? { detail } : {}),
        })
      })
      return title ? { title, rows } : null
    }
  }, [plot, series.lines, mode, smoothing])

  // Every zoom, from a drag, the wheel, a double-click or the test hook, goes through here.
  const requestZoom = (range: XRange | null) => {
    probe.ask(range)
    onZoom(range)
  }
  /** The last range the plot reported from the wheel or a drag: it is on screen already. */
  const plotRange = useRef<XRange | null>(null)
  const onPlotRange = (range: XRange | null) => {
    plotRange.current = range
    requestZoom(range)
  }
  const shownByPlot = (range: XRange | null) => range !== null && range === plotRange.current
  const bounds = fullRange ?? (extentMin <= extentMax ? { min: extentMin, max: extentMax } : null)

  useEffect(() => {
    probe.rendered(series.fetching, zoom)
    live.update({
      markers: resolvedMarkers,
      describe,
      onZoom: requestZoom,
      onPlotRange,
      onRangePending: (pending) => probe.setRangePending(pending),
      bounds,
      clipOutliers,
      plot,
      onDraw: () => {
        const c = live.current.clipped
        if (c.below !== clipped.below || c.above !== clipped.above) setClipped(c)
        probe.drew()
      },
    })
  })
  useEffect(() => {
    plotRef.current?.redraw(false, false)
  }, [resolvedMarkers])

  const smoothed = smoothing !== null
  const structure = plot.roles.map((r) => `${r.line}${r.role[0]}`).join('') + series.lines.map((l) => `${l.id}${l.color}${l.label}`).join('|')
  const options = useMemo(
    () =>
      buildOptions({
        lines: series.lines,
        roles: plot.roles,
        mode,
        colors,
        height,
        logY,
        smoothing: smoothed,
        showRaw,
        syncKey,
        live,
      }),
    // The plot is rebuilt when its series change shape, not when their values do.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [structure, mode, colors, height, logY, smoothed, showRaw, clipOutliers, syncKey, live],
  )

  const [plotInstance, setPlotInstance] = useState<uPlot | null>(null)
  const onCreate = (u: uPlot | null) => {
    plotRef.current = u
    setPlotInstance(u)
  }

  const picture = (): ChartPicture => ({ title, mode, colors, lines: series.lines, arrays: plot.arrays, smoothing, showRaw, markers: resolvedMarkers })
  const exportAs = async (format: 'csv' | 'json' | 'png' | 'svg') => {
    const name = `${fileSlug(title)}-${mode}`
    try {
      const input = { title, mode, lines: series.lines, arrays: plot.arrays, smoothing }
      if (format === 'csv') downloadBlob(new Blob([toCsv(input)], { type: 'text/csv' }), `${name}.csv`)
      else if (format === 'json') downloadBlob(new Blob([toJson(input)], { type: 'application/json' }), `${name}.json`)
      else if (!plotRef.current) throw new Error('The chart is not drawn yet')
      else if (format === 'png') downloadBlob(await chartPng(plotRef.current, picture()), `${name}.png`)
      else downloadBlob(new Blob([chartSvg(plotRef.current, picture())], { type: 'image/svg+xml' }), `${name}.svg`)
    } catch (error) {
      reportError(`export ${title} as ${format.toUpperCase()}`, error)
    }
  }

  const view = { id, title, mode, smoothing, fetching: series.fetching, loaded: series.loaded, maxBuckets, clipped, markers: resolvedMarkers, lines: series.lines, arrays: plot.arrays }
  useMetricChartHook(view, probe, plotRef, () => live.current.onZoom)

  const empty = series.loaded && series.lines.every((l) => l.buckets.count.length === 0)
  return (
    <Paper withBorder radius="md" p="xs" pb={6} data-testid={`chart-${id}`} data-loaded={series.loaded} data-fetching={series.fetching}>
      <Group justify="space-between" wrap="nowrap" gap="xs" px={4} mb={2}>
        <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} truncate>
            {title}
          </Text>
          {series.fetching && <Loader size={12} type="dots" aria-label="Loading" />}
          {(clipped.above !== null || clipped.below !== null) && (
            <Tooltip label="Clip outliers is on: band edges further beyond the lines than the lines' own span are left off the plot. Turn it off to see them." withArrow multiline w={280}>
              <Text size="xs" c="orange" truncate data-testid={`clipped-${id}`}>
                clipped: {[clipped.above !== null ? `band up to ${formatMetric(clipped.above)}` : null, clipped.below !== null ? `band down to ${formatMetric(clipped.below)}` : null].filter(Boolean).join(', ')}
              </Text>
            </Tooltip>
          )}
        </Group>
        <Menu position="bottom-end" withinPortal shadow="md">
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Export ${title}`} disabled={!plotInstance}>
              <IconDownload size={15} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>Data shown ({X_MODE_LABELS[mode].toLowerCase()})</Menu.Label>
            <Menu.Item onClick={() => void exportAs('csv')}>CSV</Menu.Item>
            <Menu.Item onClick={() => void exportAs('json')}>JSON</Menu.Item>
            <Menu.Label>Picture</Menu.Label>
            <Menu.Item onClick={() => void exportAs('png')}>PNG</Menu.Item>
            <Menu.Item onClick={() => void exportAs('svg')}>SVG</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      <div ref={sizeRef} style={{ position: 'relative' }}>
        <UPlotChart options={options} data={plot.data} xRange={zoom ?? fullRange} shownByPlot={shownByPlot} onCreate={onCreate} data-testid={`plot-${id}`} />
        {empty && (
          <Text size="sm" c="dimmed" ta="center" style={{ position: 'absolute', inset: 0, display: 'grid', placeItems: 'center', pointerEvents: 'none' }}>
            {emptyText ?? 'No points yet'}
          </Text>
        )}
      </div>
      <Group gap="md" px={4} mt={2} wrap="wrap" data-testid={`legend-${id}`}>
        {series.lines.map((line) => (
          <Group key={line.id} gap={6} wrap="nowrap">
            <svg width="16" height="6" aria-hidden>
              <line x1="0" x2="16" y1="3" y2="3" stroke={line.color} strokeWidth="2.5" strokeDasharray={line.ancestor ? '4 3' : undefined} />
            </svg>
            <Text size="xs" c="dimmed">
              {line.label}
              {line.pointCount > 0 && <> · {formatInteger(line.pointCount)} pts</>}
            </Text>
          </Group>
        ))}
      </Group>
    </Paper>
  )
}
