/**
 * The buckets behind one chart, every line of it fetched in one `metrics.seriesMany` call.
 * The full range is fetched once at about one bucket per pixel (the overview). A zoom or pan
 * fetches the visible step range of every line at the same resolution (the view) and draws it
 * over the overview, so the part on screen is sharp at any zoom, a spike stays in the band,
 * and whatever a pan reveals before its view lands is drawn from the overview. One view
 * request is in flight at a time; the latest range asked for goes next.
 * While a job runs, `metrics.appended` fetches only each line's tail (from its last bucket
 * on) and merges it; once the merged overview holds far more buckets than pixels it is
 * fetched whole again at the right resolution. A view that reaches the end of the data is
 * fetched again too, so a zoomed chart keeps growing without losing its zoom.
 */
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react'
import type { SeriesBuckets } from '../../../shared/schemas/metric'
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'
import { reportError } from '../api/report-error'
import { bucketCount, concatBuckets, NO_BUCKETS, overlayBuckets, sliceBuckets } from './buckets'
import type { Line, LineSpec } from './plot-data'
import { stepRangeFor, type XMode } from './x-axis'

export interface XRange {
  min: number
  max: number
}

interface Loaded {
  buckets: SeriesBuckets
  pointCount: number
}

interface Batch {
  key: string
  /** The lines it holds (`specs`), whatever resolution or range it was fetched at. */
  specs: string
  byId: Record<string, Loaded>
}

interface Ask {
  spec: LineSpec
  range: { fromStep?: number; toStep?: number } | null
}

const EMPTY: Loaded = { buckets: NO_BUCKETS, pointCount: 0 }
const TAIL_THROTTLE_MS = 300
/** The contract's limits: series per call and buckets per series. */
const SERIES_PER_CALL = 200
const MAX_BUCKETS = 20_000

export interface ChartSeries {
  lines: Line[]
  /** Line id → the full-range buckets, for mapping x back to steps. */
  overview: Record<string, Loaded>
  /** True while the data shown is not yet what the current range and width call for. */
  fetching: boolean
  /** True once every line has buckets to draw. */
  loaded: boolean
}

function describe(asks: Ask[]): string {
  const keys = [...new Set(asks.map((a) => a.spec.key))].join(', ')
  const runs = [...new Set(asks.map((a) => a.spec.runId))]
  return runs.length === 1 ? `load ${keys} of run #${runs[0]}` : `load ${keys} of ${runs.length} runs`
}

const wholeRange = (spec: LineSpec): Ask => ({ spec, range: spec.segment.cutStep === null ? {} : { toStep: spec.segment.cutStep } })

export function useChartSeries(specs: readonly LineSpec[], options: { maxBuckets: number; zoom: XRange | null; mode: XMode }): ChartSeries {
  const { maxBuckets, zoom, mode } = options
  const client = useApi()
  const specsKey = specs.map((s) => `${s.id}@${s.runId}/${s.key}<${s.segment.cutStep ?? ''}`).join('|')
  const overviewKey = `${specsKey}#${maxBuckets}`
  const [viewVersion, setViewVersion] = useState(0)
  const viewKey = zoom ? `${overviewKey}#${mode}#${zoom.min}:${zoom.max}#${viewVersion}` : null

  const [overviews, setOverviews] = useState<Batch>({ key: '', specs: '', byId: {} })
  /** The latest view that landed. */
  const [views, setViews] = useState<Batch>({ key: '', specs: '', byId: {} })
  const overviewsRef = useRef(overviews)
  const viewsRef = useRef(views)
  useEffect(() => {
    overviewsRef.current = overviews
    viewsRef.current = views
  }, [overviews, views])

  /** Every asked line's buckets (empty for a null range or a failed call), in one call per 200 lines. */
  const fetchMany = useEffectEvent(async (asks: Ask[], buckets: number): Promise<Record<string, Loaded>> => {
    const byId: Record<string, Loaded> = {}
    for (const a of asks) byId[a.spec.id] = EMPTY
    const wanted = asks.filter((a) => a.range !== null)
    const calls: Promise<void>[] = []
    for (let i = 0; i < wanted.length; i += SERIES_PER_CALL) {
      const part = wanted.slice(i, i + SERIES_PER_CALL)
      calls.push(
        client.metrics.seriesMany({ series: part.map((a) => ({ runId: a.spec.runId, key: a.spec.key, ...a.range })), maxBuckets: Math.min(MAX_BUCKETS, Math.max(1, Math.round(buckets))) }).then(
          (result) => result.forEach((s, k) => (byId[part[k]!.spec.id] = { buckets: s.buckets, pointCount: s.pointCount })),
          (error: unknown) => reportError(describe(part), error),
        ),
      )
    }
    await Promise.all(calls)
    return byId
  })
  const currentSpecs = useEffectEvent(() => specs)

  // The overview: every line over its whole range (an ancestor up to its branch step).
  useEffect(() => {
    if (maxBuckets <= 0) return
    let current = true
    void fetchMany(currentSpecs().map(wholeRange), maxBuckets).then((byId) => {
      if (current) setOverviews({ key: overviewKey, specs: specsKey, byId })
    })
    return () => {
      current = false
    }
  }, [overviewKey, specsKey, maxBuckets])

  // A zoom or pan: the visible step range of every line, mapped from x through its overview.
  const overviewReady = overviews.key === overviewKey
  // A new width keeps drawing the overview it has until the new one lands.
  const overviewUsable = overviews.specs === specsKey
  const wantedView = useRef<{ key: string; asks: Ask[] } | null>(null)
  const viewBusy = useRef(false)
  const pumpView = useEffectEvent(async () => {
    const want = wantedView.current
    if (viewBusy.current || !want) return
    wantedView.current = null
    viewBusy.current = true
    try {
      const byId = await fetchMany(want.asks, maxBuckets)
      setViews({ key: want.key, specs: specsKey, byId })
    } finally {
      viewBusy.current = false
      if (wantedView.current) void pumpView()
    }
  })
  useEffect(() => {
    if (!viewKey || !zoom || !overviewUsable) {
      wantedView.current = null
      return
    }
    const byIdOverview = overviewsRef.current.byId
    const asks = currentSpecs().map((spec): Ask => {
      const range = stepRangeFor(spec.segment, mode, byIdOverview[spec.id]?.buckets ?? NO_BUCKETS, zoom.min, zoom.max)
      const cut = spec.segment.cutStep
      return { spec, range: range ? { fromStep: range.fromStep, toStep: cut === null ? range.toStep : Math.min(cut, range.toStep) } : null }
    })
    wantedView.current = { key: viewKey, asks }
    void pumpView()
    // zoom is captured through viewKey, which spells out its bounds.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [viewKey, overviewUsable, mode])

  // Live tails.
  const dirty = useRef(new Set<string>())
  const lastStepSeen = useRef(new Map<string, number>())
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const inFlight = useRef(false)
  const zoomedRef = useRef(zoom !== null)
  useEffect(() => {
    zoomedRef.current = zoom !== null
  }, [zoom])

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
      const fresh: Ask[] = []
      const tails: Ask[] = []
      let tailBuckets = 1
      for (const id of ids) {
        const spec = specs.find((s) => s.id === id)
        const prev = batch.byId[id]
        if (!spec || !prev) continue
        const b = prev.buckets
        const n = bucketCount(b)
        if (n === 0) {
          fresh.push({ spec, range: {} })
          continue
        }
        // From the last bucket on, in buckets as wide as the overview's.
        const width = n > 1 ? b.toStep[n - 2]! - b.fromStep[n - 2]! + 1 : 1
        const newLast = Math.max(lastStepSeen.current.get(id) ?? b.toStep[n - 1]!, b.toStep[n - 1]!)
        tailBuckets = Math.max(tailBuckets, Math.ceil((newLast - b.fromStep[n - 1]! + 1) / width) + 1)
        tails.push({ spec, range: { fromStep: b.fromStep[n - 1]! } })
      }
      const [full, tail] = await Promise.all([fetchMany(fresh, maxBuckets), fetchMany(tails, tailBuckets)])
      const updates: Record<string, Loaded> = { ...full }
      let rebucket = false
      let refreshView = false
      for (const { spec } of tails) {
        const prev = batch.byId[spec.id]!
        const got = tail[spec.id]!
        const n = bucketCount(prev.buckets)
        const buckets = concatBuckets(sliceBuckets(prev.buckets, 0, n - 1), got.buckets)
        if (bucketCount(buckets) > maxBuckets * 1.6) rebucket = true
        updates[spec.id] = { buckets, pointCount: prev.pointCount - prev.buckets.count[n - 1]! + got.pointCount }
        // A view that reached the end of the data grows with it.
        const view = viewsRef.current.byId[spec.id]?.buckets
        if (view && bucketCount(view) > 0 && view.toStep.at(-1)! >= prev.buckets.toStep[n - 1]!) refreshView = true
      }
      if (rebucket) {
        const byId = await fetchMany(specs.map(wholeRange), maxBuckets)
        setOverviews((o) => (o.key === batch.key ? { ...o, byId } : o))
      } else {
        setOverviews((o) => (o.key === batch.key ? { ...o, byId: { ...o.byId, ...updates } } : o))
      }
      if (refreshView && zoomedRef.current) setViewVersion((v) => v + 1)
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

  // Zoomed: the latest view for these lines over the overview; else the overview alone.
  const overlay = viewKey !== null && views.specs === specsKey
  const lines = useMemo(
    () =>
      specs.map((spec): Line => {
        const overview = overviewUsable ? (overviews.byId[spec.id] ?? EMPTY) : EMPTY
        const view = overlay ? views.byId[spec.id] : undefined
        // Point counts always describe the whole line, zoomed or not.
        return { ...spec, buckets: view ? overlayBuckets(overview.buckets, view.buckets) : overview.buckets, pointCount: overview.pointCount }
      }),
    [specs, overviewUsable, overviews, overlay, views],
  )
  return {
    lines,
    overview: overviewUsable ? overviews.byId : {},
    fetching: !overviewReady || (viewKey !== null && views.key !== viewKey),
    loaded: overviewUsable,
  }
}
