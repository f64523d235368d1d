/**
 * The buckets behind one chart. The full range is fetched once per line at about one bucket
 * per pixel (the overview); a zoom fetches the visible step range of every line at the same
 * resolution, so a million-point series stays sharp at any zoom and spikes stay in the band.
 * While a job runs, `metrics.appended` fetches only each line's tail (from its last bucket
 * on) and merges it; once the merged overview holds far more buckets than pixels it is
 * fetched whole again at the right resolution.
 */
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react'
import type { Series, SeriesBucket } from '../../../shared/schemas/metric'
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'
import { reportError } from '../api/report-error'
import type { Line, LineSpec } from './plot-data'
import { stepRangeFor, type XMode } from './x-axis'

export interface XRange {
  min: number
  max: number
}

interface Loaded {
  buckets: readonly SeriesBucket[]
  pointCount: number
}

interface Batch {
  key: string
  byId: Record<string, Loaded>
}

const EMPTY: Loaded = { buckets: [], pointCount: 0 }
const TAIL_THROTTLE_MS = 300
/** Total buckets (lines × pixels) above which a coarse pass is drawn first, and its resolution. */
const COARSE_ABOVE = 6_000
const COARSE_BUCKETS = 300

export interface ChartSeries {
  lines: Line[]
  /** Line id → the full-range buckets, for mapping x back to steps. */
  overview: Record<string, Loaded>
  /** True while the data shown is not yet what the current range and width call for. */
  fetching: boolean
  /** True once every line has buckets to draw (a coarse first pass counts). */
  loaded: boolean
}

export function useChartSeries(specs: readonly LineSpec[], options: { maxBuckets: number; zoom: XRange | null; mode: XMode }): ChartSeries {
  const { maxBuckets, zoom, mode } = options
  const client = useApi()
  const specsKey = specs.map((s) => `${s.id}@${s.runId}/${s.key}<${s.segment.cutStep ?? ''}`).join('|')
  const overviewKey = `${specsKey}#${maxBuckets}`
  const viewKey = zoom ? `${overviewKey}#${mode}#${zoom.min}:${zoom.max}` : null

  const [overviews, setOverviews] = useState<Batch>({ key: '', byId: {} })
  const [views, setViews] = useState<Batch>({ key: '', byId: {} })
  const overviewsRef = useRef(overviews)
  useEffect(() => {
    overviewsRef.current = overviews
  }, [overviews])

  const fetchOne = useEffectEvent(async (spec: LineSpec, range: { fromStep?: number; toStep?: number }, buckets: number): Promise<Series> => {
    return client.metrics.series({ runId: spec.runId, key: spec.key, maxBuckets: Math.min(20_000, Math.max(1, buckets)), ...range })
  })
  const currentSpecs = useEffectEvent(() => specs)
  const fetchAll = useEffectEvent(async (ranges: (LineSpec & { range: { fromStep?: number; toStep?: number } | null })[], buckets = maxBuckets) => {
    const results = await Promise.allSettled(ranges.map((r) => (r.range ? fetchOne(r, r.range, buckets) : Promise.resolve(null))))
    const byId: Record<string, Loaded> = {}
    results.forEach((result, i) => {
      const spec = ranges[i]!
      if (result.status === 'fulfilled') byId[spec.id] = result.value ? { buckets: result.value.buckets, pointCount: result.value.pointCount } : EMPTY
      else {
        reportError(`load ${spec.key} of run #${spec.runId}`, result.reason)
        byId[spec.id] = EMPTY
      }
    })
    return byId
  })

  // The overview: every line over its whole range (an ancestor up to its branch step).
  useEffect(() => {
    if (maxBuckets <= 0) return
    let current = true
    const ranges = currentSpecs().map((s) => ({ ...s, range: s.segment.cutStep === null ? {} : { toStep: s.segment.cutStep } }))
    // Many long lines: draw a coarse pass first (whole blocks, a few ms a line; the bands still
    // hold every spike), then the full resolution.
    // The fine pass is asked for only once the coarse one has landed: the host answers a burst
    // of requests together, so asking for both at once would delay the coarse answers too.
    const coarse = ranges.length * maxBuckets > COARSE_ABOVE && maxBuckets > COARSE_BUCKETS
    void (async () => {
      if (coarse) {
        const byId = await fetchAll(ranges, COARSE_BUCKETS)
        if (!current) return
        setOverviews((prev) => (prev.key === overviewKey ? prev : { key: `${overviewKey}#coarse`, byId }))
      }
      const byId = await fetchAll(ranges)
      if (current) setOverviews({ key: overviewKey, byId })
    })()
    return () => {
      current = false
    }
  }, [overviewKey, maxBuckets])

  // A zoom: the visible step range of every line, mapped from x through its overview.
  const overviewReady = overviews.key === overviewKey
  useEffect(() => {
    if (!viewKey || !zoom || !overviewReady) return
    let current = true
    const byIdOverview = overviewsRef.current.byId
    const ranges = currentSpecs().map((s) => {
      const overview = byIdOverview[s.id]?.buckets ?? []
      const range = stepRangeFor(s.segment, mode, overview, zoom.min, zoom.max)
      const cut = s.segment.cutStep
      return { ...s, range: range ? { fromStep: range.fromStep, toStep: cut === null ? range.toStep : Math.min(cut, range.toStep) } : null }
    })
    void fetchAll(ranges).then((byId) => {
      if (current) setViews({ key: viewKey, byId })
    })
    return () => {
      current = false
    }
    // zoom is captured through viewKey, which spells out its bounds.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [viewKey, overviewReady, mode])

  // Live tails.
  const dirty = useRef(new Set<string>())
  const lastStepSeen = useRef(new Map<string, number>())
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const inFlight = useRef(false)

  const [tailRequest, setTailRequest] = useState(0)
  const scheduleTails = () => {
    if (timer.current === null)
      timer.current = setTimeout(() => {
        timer.current = null
        setTailRequest((n) => n + 1)
      }, TAIL_THROTTLE_MS)
  }

  const fetchTails = useEffectEvent(async () => {
    if (inFlight.current) return
    const batch = overviewsRef.current
    if (batch.key !== overviewKey) return
    const ids = [...dirty.current]
    dirty.current.clear()
    inFlight.current = true
    try {
      const updates: Record<string, Loaded> = {}
      let rebucket = false
      await Promise.all(
        ids.map(async (id) => {
          const spec = specs.find((s) => s.id === id)
          const prev = batch.byId[id]
          if (!spec || !prev) return
          const last = prev.buckets[prev.buckets.length - 1]
          if (!last) {
            const full = await fetchOne(spec, {}, maxBuckets)
            updates[id] = { buckets: full.buckets, pointCount: full.pointCount }
            return
          }
          const before = prev.buckets[prev.buckets.length - 2]
          const width = before ? before.toStep - before.fromStep + 1 : 1
          const newLast = Math.max(lastStepSeen.current.get(id) ?? last.toStep, last.toStep)
          const n = Math.ceil((newLast - last.fromStep + 1) / width) + 1
          const tail = await fetchOne(spec, { fromStep: last.fromStep }, n)
          const buckets = prev.buckets.slice(0, -1).concat(tail.buckets)
          if (buckets.length > maxBuckets * 1.6) rebucket = true
          updates[id] = { buckets, pointCount: prev.pointCount - last.count + tail.pointCount }
        }),
      )
      if (rebucket) {
        const byId = await fetchAll(specs.map((s) => ({ ...s, range: s.segment.cutStep === null ? {} : { toStep: s.segment.cutStep } })))
        setOverviews((o) => (o.key === batch.key ? { key: o.key, byId } : o))
      } else {
        setOverviews((o) => (o.key === batch.key ? { key: o.key, byId: { ...o.byId, ...updates } } : o))
      }
    } catch (error) {
      reportError('load new metric points', error)
    } finally {
      inFlight.current = false
      if (dirty.current.size > 0) scheduleTails()
    }
  })

  useAppEvents((event) => {
    if (event.type !== 'metrics.appended') return
    let any = false
    for (const spec of specs) {
      if (spec.runId !== event.runId || spec.segment.cutStep !== null || !event.keys.includes(spec.key)) continue
      dirty.current.add(spec.id)
      lastStepSeen.current.set(spec.id, Math.max(event.lastStep, lastStepSeen.current.get(spec.id) ?? 0))
      any = true
    }
    if (any) scheduleTails()
  })
  useEffect(() => {
    if (tailRequest > 0) void fetchTails()
  }, [tailRequest])
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current)
    },
    [],
  )

  const useView = viewKey !== null && views.key === viewKey
  const coarseReady = overviews.key === `${overviewKey}#coarse`
  const source = useView ? views.byId : overviewReady || coarseReady ? overviews.byId : null
  const lines = useMemo(
    () =>
      specs.map((spec): Line => {
        const loaded = source?.[spec.id] ?? EMPTY
        // Point counts always describe the whole line, zoomed or not.
        const total = overviewReady || coarseReady ? (overviews.byId[spec.id]?.pointCount ?? loaded.pointCount) : loaded.pointCount
        return { ...spec, buckets: loaded.buckets, pointCount: total }
      }),
    [specs, source, overviewReady, coarseReady, overviews],
  )
  return {
    lines,
    overview: overviewReady ? overviews.byId : {},
    fetching: !overviewReady || (viewKey !== null && !useView),
    loaded: overviewReady || coarseReady,
  }
}
