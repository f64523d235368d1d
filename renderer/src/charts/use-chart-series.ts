/**
 * A chart's lines, read from its own `SeriesCache` (series-cache.ts holds the overview, view
 * and live-tail pipelines) through `useSyncExternalStore`: this hook only hands the cache the
 * current request and the run's `metrics.appended` events.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'
import { reportError } from '../api/report-error'
import type { LineSpec } from './plot-data'
import { linesOf, SeriesCache, seriesStatus, type ChartSeries, type XRange } from './series-cache'
import type { XMode } from './x-axis'

export type { ChartSeries, XRange } from './series-cache'

export function useChartSeries(specs: readonly LineSpec[], options: { maxBuckets: number; zoom: XRange | null; mode: XMode }): ChartSeries {
  const { maxBuckets, zoom, mode } = options
  const client = useApi()
  const [cache] = useState(() => new SeriesCache((query) => client.metrics.seriesMany(query), reportError))
  useEffect(() => cache.configure({ specs, maxBuckets, zoom, mode }), [cache, specs, maxBuckets, zoom, mode])
  useEffect(() => () => cache.dispose(), [cache])
  useAppEvents((event) => {
    if (event.type === 'metrics.appended') cache.appended(event)
  })

  const state = useSyncExternalStore(cache.subscribe, cache.getSnapshot)
  const { usable, overlay, fetching } = seriesStatus(state, { specs, maxBuckets, zoom, mode })
  // Rebuilt when the lines or what landed change, not on every pan (the view key is in `fetching`).
  const lines = useMemo(() => linesOf(state, specs, usable, overlay), [state, specs, usable, overlay])
  return { lines, overview: usable ? state.overviews.byId : {}, fetching, loaded: usable }
}
