/**
 * The buckets behind one chart, every line of it fetched in one `metrics.seriesMany` call: a
 * plain object with `subscribe`/`getSnapshot` (read through `useSyncExternalStore` by
 * use-chart-series.ts), so its three pipelines can be driven and tested without React.
 * - The overview: the full range, fetched once at about one bucket per pixel.
 * - The view: a zoom or pan fetches the visible step range of every line at the same
 *   resolution and it is drawn over the overview, so the part on screen is sharp at any zoom,
 *   a spike stays in the band, and whatever a pan reveals before its view lands is drawn from
 *   the overview. One view request is in flight at a time; the latest range asked for goes next.
 * - Live tails: while a job runs, `metrics.appended` fetches only each line's tail (from its
 *   last bucket on) and merges it; once the merged overview holds far more buckets than
 *   pixels it is fetched whole again at the right resolution. A view that reaches the end of
 *   the data is fetched again too, so a zoomed chart keeps growing without losing its zoom.
 */
import type { Series, SeriesBuckets, SeriesManyQuery } from '../../../shared/schemas/metric'
import { bucketCount, concatBuckets, NO_BUCKETS, overlayBuckets, sliceBuckets } from './buckets'
import type { Line, LineSpec } from './plot-data'
import { stepRangeFor, type XMode } from './x-axis'

export interface XRange {
  min: number
  max: number
}

export interface Loaded {
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

/** What the chart shows: its lines, the buckets per pixel, and the zoom (null: everything). */
export interface SeriesRequest {
  specs: readonly LineSpec[]
  maxBuckets: number
  zoom: XRange | null
  mode: XMode
}

/** The cache's state: replaced, never mutated, on every change (a snapshot). */
export interface SeriesState {
  overviews: Batch
  /** The latest view that landed. */
  views: Batch
  /** Bumped when a live tail grows past a zoomed view: the view is fetched again. */
  viewVersion: number
}

export interface ChartSeries {
  lines: Line[]
  /** Line id → the full-range buckets, for mapping x back to steps. */
  overview: Record<string, Loaded>
  /** True while the data shown is not yet what the current range and width call for. */
  fetching: boolean
  /** True once every line has buckets to draw. */
  loaded: boolean
}

/** `metrics.seriesMany` (the contract client's, or anything answering the same). */
export type SeriesFetch = (query: SeriesManyQuery) => Promise<Series[]>
export type ErrorSink = (what: string, error: unknown) => void

const EMPTY: Loaded = { buckets: NO_BUCKETS, pointCount: 0 }
const NO_BATCH: Batch = { key: '', specs: '', byId: {} }
/** Tails of a run logging every step arrive at most about three times a second. */
export const TAIL_THROTTLE_MS = 300
/** The contract's limits: series per call and buckets per series. */
const SERIES_PER_CALL = 200
const MAX_BUCKETS = 20_000
/** A merged overview this many times the buckets asked for is fetched whole again. */
const REBUCKET_FACTOR = 1.6

function describe(asks: Ask[]): string {
  const keys = [...new Set(asks.map((a) => a.spec.key))].join(', ')
  const runs = [...new Set(asks.map((a) => a.spec.runId))]
  return runs.length === 1 ? `load ${keys} of run #${runs[0]}` : `load ${keys} of ${runs.length} runs`
}

const wholeRange = (spec: LineSpec): Ask => ({ spec, range: spec.segment.cutStep === null ? {} : { toStep: spec.segment.cutStep } })

/** The keys a request's fetches are filed under: lines, lines at a resolution, and the zoomed view. */
export function requestKeys(request: SeriesRequest, viewVersion: number): { specsKey: string; overviewKey: string; viewKey: string | null } {
  const specsKey = request.specs.map((s) => `${s.id}@${s.runId}/${s.key}<${s.segment.cutStep ?? ''}`).join('|')
  const overviewKey = `${specsKey}#${request.maxBuckets}`
  const { zoom } = request
  return { specsKey, overviewKey, viewKey: zoom ? `${overviewKey}#${request.mode}#${zoom.min}:${zoom.max}#${viewVersion}` : null }
}

/** Whether a state holds what a request asks for: cheap, so a hook can call it on every render. */
export function seriesStatus(state: SeriesState, request: SeriesRequest): { usable: boolean; overlay: boolean; fetching: boolean } {
  const { specsKey, overviewKey, viewKey } = requestKeys(request, state.viewVersion)
  return {
    // A new width keeps drawing the overview it has until the new one lands.
    usable: state.overviews.specs === specsKey,
    overlay: viewKey !== null && state.views.specs === specsKey,
    fetching: state.overviews.key !== overviewKey || (viewKey !== null && state.views.key !== viewKey),
  }
}

/** Zoomed: the latest view of each line over its overview; else the overview alone. */
export function linesOf(state: SeriesState, specs: readonly LineSpec[], usable: boolean, overlay: boolean): Line[] {
  return specs.map((spec): Line => {
    const overview = usable ? (state.overviews.byId[spec.id] ?? EMPTY) : EMPTY
    const view = overlay ? state.views.byId[spec.id] : undefined
    // Point counts always describe the whole line, zoomed or not.
    return { ...spec, buckets: view ? overlayBuckets(overview.buckets, view.buckets) : overview.buckets, pointCount: overview.pointCount }
  })
}

/** Everything a chart draws from a state, for a request (use-chart-series.ts memoises the parts). */
export function chartSeries(state: SeriesState, request: SeriesRequest): ChartSeries {
  const { usable, overlay, fetching } = seriesStatus(state, request)
  return { lines: linesOf(state, request.specs, usable, overlay), overview: usable ? state.overviews.byId : {}, fetching, loaded: usable }
}

export class SeriesCache {
  private state: SeriesState = { overviews: NO_BATCH, views: NO_BATCH, viewVersion: 0 }
  private readonly listeners = new Set<() => void>()
  private request: SeriesRequest = { specs: [], maxBuckets: 0, zoom: null, mode: 'step' }
  /** The overview key last asked for, and a generation that drops answers to older asks. */
  private overviewAsked: string | null = null
  private generation = 0
  /** The view inputs last acted on (view key, overview usable, mode). */
  private viewAsked: string | null = null
  private wantedView: { key: string; asks: Ask[] } | null = null
  private viewBusy = false
  private readonly dirty = new Set<string>()
  private readonly lastStepSeen = new Map<string, number>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private tailInFlight = false

  constructor(
    private readonly fetch: SeriesFetch,
    private readonly onError: ErrorSink,
    private readonly tailThrottleMs = TAIL_THROTTLE_MS,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  readonly getSnapshot = (): SeriesState => this.state

  /** Asks for what `request` shows; fetches only what its keys say is new. */
  configure(request: SeriesRequest): void {
    this.request = request
    const { overviewKey } = requestKeys(request, this.state.viewVersion)
    if (overviewKey !== this.overviewAsked) {
      this.overviewAsked = overviewKey
      const generation = ++this.generation
      if (request.maxBuckets > 0) {
        // The overview: every line over its whole range (an ancestor up to its branch step).
        void this.fetchMany(request.specs.map(wholeRange), request.maxBuckets).then((byId) => {
          if (generation !== this.generation) return
          const { specsKey } = requestKeys(request, 0)
          this.set({ ...this.state, overviews: { key: overviewKey, specs: specsKey, byId } })
        })
      }
    }
    this.askView()
  }

  /** A `metrics.appended` event: lines of that run and key that run to the end get their tails. */
  appended(event: { runId: number; keys: readonly string[]; lastStep: number }): void {
    let any = false
    for (const spec of this.request.specs) {
      if (spec.runId !== event.runId || spec.segment.cutStep !== null || !event.keys.includes(spec.key)) continue
      this.dirty.add(spec.id)
      this.lastStepSeen.set(spec.id, Math.max(event.lastStep, this.lastStepSeen.get(spec.id) ?? 0))
      any = true
    }
    if (any) this.scheduleTails()
  }

  /** Stops the tail timer and drops answers still in flight; a later `configure` starts afresh. */
  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    this.generation++
    this.overviewAsked = null
    this.viewAsked = null
    this.wantedView = null
  }

  private set(state: SeriesState): void {
    this.state = state
    for (const listener of this.listeners) listener()
    // A landed overview can make the view askable (its steps are mapped through the overview).
    this.askView()
  }

  /** Every asked line's buckets (empty for a null range or a failed call), in one call per 200 lines. */
  private async fetchMany(asks: Ask[], buckets: number): Promise<Record<string, Loaded>> {
    const byId: Record<string, Loaded> = {}
    for (const a of asks) byId[a.spec.id] = EMPTY
    const wanted = asks.filter((a) => a.range !== null)
    const calls: Promise<void>[] = []
    const maxBuckets = Math.min(MAX_BUCKETS, Math.max(1, Math.round(buckets)))
    for (let i = 0; i < wanted.length; i += SERIES_PER_CALL) {
      const part = wanted.slice(i, i + SERIES_PER_CALL)
      calls.push(
        this.fetch({ series: part.map((a) => ({ runId: a.spec.runId, key: a.spec.key, ...a.range })), maxBuckets }).then(
          (result) => result.forEach((s, k) => (byId[part[k]!.spec.id] = { buckets: s.buckets, pointCount: s.pointCount })),
          (error: unknown) => this.onError(describe(part), error),
        ),
      )
    }
    await Promise.all(calls)
    return byId
  }

  /** A zoom or pan: the visible step range of every line, mapped from x through its overview. */
  private askView(): void {
    const { specs, mode, zoom } = this.request
    const { specsKey, viewKey } = requestKeys(this.request, this.state.viewVersion)
    const usable = this.state.overviews.specs === specsKey
    const asked = `${viewKey}\u0000${usable}\u0000${mode}`
    if (asked === this.viewAsked) return
    this.viewAsked = asked
    if (!viewKey || !zoom || !usable) {
      this.wantedView = null
      return
    }
    const byIdOverview = this.state.overviews.byId
    const asks = specs.map((spec): Ask => {
      const range = stepRangeFor(spec.segment, mode, byIdOverview[spec.id]?.buckets ?? NO_BUCKETS, zoom.min, zoom.max)
      const cut = spec.segment.cutStep
      return { spec, range: range ? { fromStep: range.fromStep, toStep: cut === null ? range.toStep : Math.min(cut, range.toStep) } : null }
    })
    this.wantedView = { key: viewKey, asks }
    void this.pumpView()
  }

  private async pumpView(): Promise<void> {
    const want = this.wantedView
    if (this.viewBusy || !want) return
    this.wantedView = null
    this.viewBusy = true
    const generation = this.generation
    try {
      const byId = await this.fetchMany(want.asks, this.request.maxBuckets)
      if (generation === this.generation) this.set({ ...this.state, views: { key: want.key, specs: requestKeys(this.request, 0).specsKey, byId } })
    } finally {
      this.viewBusy = false
      if (this.wantedView) void this.pumpView()
    }
  }

  private scheduleTails(): void {
    if (this.timer === null)
      this.timer = setTimeout(() => {
        this.timer = null
        void this.fetchTails()
      }, this.tailThrottleMs)
  }

  private async fetchTails(): Promise<void> {
    if (this.tailInFlight) return
    const batch = this.state.overviews
    const { maxBuckets, specs } = this.request
    if (batch.key !== requestKeys(this.request, 0).overviewKey) return
    const ids = [...this.dirty]
    this.dirty.clear()
    this.tailInFlight = true
    const generation = this.generation
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
        const newLast = Math.max(this.lastStepSeen.get(id) ?? b.toStep[n - 1]!, b.toStep[n - 1]!)
        tailBuckets = Math.max(tailBuckets, Math.ceil((newLast - b.fromStep[n - 1]! + 1) / width) + 1)
        tails.push({ spec, range: { fromStep: b.fromStep[n - 1]! } })
      }
      const [full, tail] = await Promise.all([this.fetchMany(fresh, maxBuckets), this.fetchMany(tails, tailBuckets)])
      const updates: Record<string, Loaded> = { ...full }
      let rebucket = false
      let refreshView = false
      for (const { spec } of tails) {
        const prev = batch.byId[spec.id]!
        const got = tail[spec.id]!
        const n = bucketCount(prev.buckets)
        const buckets = concatBuckets(sliceBuckets(prev.buckets, 0, n - 1), got.buckets)
        if (bucketCount(buckets) > maxBuckets * REBUCKET_FACTOR) rebucket = true
        updates[spec.id] = { buckets, pointCount: prev.pointCount - prev.buckets.count[n - 1]! + got.pointCount }
        // A view that reached the end of the data grows with it.
        const view = this.state.views.byId[spec.id]?.buckets
        if (view && bucketCount(view) > 0 && view.toStep.at(-1)! >= prev.buckets.toStep[n - 1]!) refreshView = true
      }
      const byId = rebucket ? await this.fetchMany(specs.map(wholeRange), maxBuckets) : { ...this.state.overviews.byId, ...updates }
      const o = this.state.overviews
      if (generation !== this.generation) return
      const viewVersion = refreshView && this.request.zoom !== null ? this.state.viewVersion + 1 : this.state.viewVersion
      if (o.key === batch.key || viewVersion !== this.state.viewVersion) this.set({ ...this.state, overviews: o.key === batch.key ? { ...o, byId } : o, viewVersion })
    } catch (error) {
      this.onError('load new metric points', error)
    } finally {
      this.tailInFlight = false
      if (this.dirty.size > 0) this.scheduleTails()
    }
  }
}
