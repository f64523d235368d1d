/**
 * A run's lineage: the chain of runs it branched from (parent checkpoint → its run → …), with
 * each run's offsets on the model's step, token and training-time axes, its metric keys, its
 * first point's wall time, and the markers a chart draws: branch points and learning-rate
 * schedule changes, from the run's plan (or, for a run made by hand, a schedule its config holds).
 */
import type { Run } from '../../../shared/schemas/run'
import type { SeriesRange } from '../../../shared/schemas/metric'
import { LrSchedule } from '../../../shared/schedules'
import type { ApiClient } from '../api/client'
import { formatInteger } from '../format/numbers'
import type { MarkerSpec, Segment } from './x-axis'

export interface LineageRun {
  run: Run
  keys: string[]
  segment: Segment
}

export interface Lineage {
  /** Oldest ancestor first; the run itself last. */
  runs: LineageRun[]
  markers: MarkerSpec[]
}

const MAX_DEPTH = 6
const PRIMARY_KEYS = ['train/loss', 'val/loss']

/** The first step of a run's metric (its whole range as one bucket), or null without points. */
async function firstStep(client: ApiClient, runId: number, key: string): Promise<number | null> {
  const [whole] = await client.metrics.seriesMany({ series: [{ runId, key }], maxBuckets: 1 })
  return whole?.buckets.fromStep[0] ?? null
}

/** The run's learning-rate schedule: its plan's, else one its free-form config holds under a usual name. */
export function scheduleOf(run: Pick<Run, 'config' | 'plan'>): LrSchedule | null {
  if (run.plan) return run.plan.lr
  const { config } = run
  const optimizer = config.optimizer
  const candidates = [config.lr, config.schedule, config.lrSchedule, typeof optimizer === 'object' && optimizer !== null ? (optimizer as Record<string, unknown>).lr : undefined]
  for (const candidate of candidates) {
    const parsed = LrSchedule.safeParse(candidate)
    if (parsed.success) return parsed.data
  }
  return null
}

/** Schedule changes as steps of the run: warm-up end and decay end (none without a schedule). */
export function scheduleChanges(schedule: LrSchedule | null, lastStep: number | null): { step: number; label: string }[] {
  if (!schedule || schedule.kind === 'constant') return []
  const out: { step: number; label: string }[] = []
  if (schedule.warmup > 0) out.push({ step: schedule.warmup, label: schedule.kind === 'rewarm' ? 're-warm ends' : 'warm-up ends' })
  if (lastStep === null || schedule.total < lastStep) out.push({ step: schedule.total, label: 'decay ends' })
  return out
}

interface RunDetail {
  keys: string[]
  first: { step: number; wallTime: number } | null
  /** Training seconds before the branch point (0 for the run itself). */
  elapsed: number
}

/** A run's metric keys, its first point, and its training time up to `cut`: four calls or so. */
async function runDetail(client: ApiClient, r: Run, cut: { step: number } | null): Promise<RunDetail> {
  // The usual primary key's first step is asked for alongside the keys: one round trip fewer.
  const guess = firstStep(client, r.id, PRIMARY_KEYS[0]!)
  const keys = await client.metrics.keys({ runId: r.id })
  const primary = PRIMARY_KEYS.find((k) => keys.includes(k)) ?? keys[0]
  const step = primary ? await (primary === PRIMARY_KEYS[0] ? guess : firstStep(client, r.id, primary)) : null
  if (primary === undefined || step === null) return { keys, first: null, elapsed: 0 }
  // In one call: the first point (for its wall time) and the last point up to the branch
  // point (training time before it, the next run's time offset).
  const asks: SeriesRange[] = [{ runId: r.id, key: primary, fromStep: step, toStep: step }]
  if (cut) asks.push({ runId: r.id, key: primary, toStep: cut.step })
  const answers = await client.metrics.seriesMany({ series: asks, maxBuckets: 1 })
  const t0 = answers[0]?.buckets.lastWallTime[0]
  const tCut = cut ? answers[1]?.buckets.lastWallTime.at(-1) : undefined
  return {
    keys,
    first: t0 === undefined ? null : { step, wallTime: t0 },
    elapsed: cut && t0 !== undefined && tCut !== undefined ? (tCut - t0) / 1000 : 0,
  }
}

/**
 * What a lineage is built from that never changes, kept across refetches: a checkpoint's run
 * and step, and a completed run with its keys and offsets. A run page refetches its lineage on
 * every metrics event (every 3 s at most); a fine-tune of a completed run took 8 calls each
 * time, and with the ancestor cached it takes the run's own 3 (lineage-cache.test.ts counts).
 */
export class LineageCache {
  private readonly checkpoints = new Map<number, { runId: number; step: number; tokens: number }>()
  private readonly runs = new Map<number, Run>()
  private readonly details = new Map<string, RunDetail>()

  /** Only a completed run is final: a queued, running or paused one still logs, a failed one may be resumed. */
  static final(run: Run): boolean {
    return run.status === 'completed'
  }

  async checkpoint(client: ApiClient, id: number): Promise<{ runId: number; step: number; tokens: number }> {
    const known = this.checkpoints.get(id)
    if (known) return known
    const { runId, step, tokens } = await client.checkpoints.get({ id })
    const link = { runId, step, tokens }
    this.checkpoints.set(id, link)
    return link
  }

  async run(client: ApiClient, id: number): Promise<Run> {
    const known = this.runs.get(id)
    if (known) return known
    const run = await client.runs.get({ id })
    if (LineageCache.final(run)) this.runs.set(id, run)
    return run
  }

  async detail(client: ApiClient, run: Run, cut: { step: number } | null): Promise<RunDetail> {
    const key = `${run.id}@${cut?.step ?? ''}`
    const known = this.details.get(key)
    if (known) return known
    const detail = await runDetail(client, run, cut)
    if (LineageCache.final(run)) this.details.set(key, detail)
    return detail
  }
}

/** The lineage of `run`; `cache` (one per page) keeps what completed ancestors answered before. */
export async function resolveLineage(client: ApiClient, run: Run, cache = new LineageCache()): Promise<Lineage> {
  // Walk up the branch points.
  const chain: { run: Run; cut: { step: number; tokens: number } | null }[] = [{ run, cut: null }]
  while (chain.length < MAX_DEPTH) {
    const child = chain[0]!.run
    if (child.parentCheckpointId === null) break
    const checkpoint = await cache.checkpoint(client, child.parentCheckpointId)
    const parent = await cache.run(client, checkpoint.runId)
    chain.unshift({ run: parent, cut: { step: checkpoint.step, tokens: checkpoint.tokens } })
  }

  const details = await Promise.all(chain.map(({ run: r, cut }) => cache.detail(client, r, cut)))

  const runs: LineageRun[] = []
  let stepOffset = 0
  let tokenOffset = 0
  let wallOffset = 0
  chain.forEach(({ run: r, cut }, i) => {
    const d = details[i]!
    runs.push({
      run: r,
      keys: d.keys,
      segment: { runId: r.id, runName: r.name, stepOffset, tokenOffset, wallOffset, t0: d.first?.wallTime ?? null, cutStep: cut?.step ?? null, anchorOffset: 0 },
    })
    if (cut) {
      stepOffset += cut.step
      tokenOffset += cut.tokens
      wallOffset += d.elapsed
    }
  })
  const anchor = runs[runs.length - 1]!.segment.stepOffset
  for (const r of runs) r.segment.anchorOffset = anchor

  const markers: MarkerSpec[] = []
  runs.forEach((r, i) => {
    if (i > 0) {
      const parent = runs[i - 1]!
      const s = r.segment
      markers.push({
        kind: 'branch',
        label: `branch from ${parent.run.name} @ ${formatInteger(parent.segment.cutStep ?? 0)}`,
        runId: r.run.id,
        at: { step: s.stepOffset, tokens: s.tokenOffset, wall: s.wallOffset, branch: s.stepOffset - anchor },
      })
    }
    for (const change of scheduleChanges(scheduleOf(r.run), r.segment.cutStep)) {
      if (r.segment.cutStep !== null && change.step > r.segment.cutStep) continue
      markers.push({ kind: 'schedule', label: change.label, runId: r.run.id, step: change.step })
    }
  })
  return { runs, markers }
}
