/**
 * A reader's live view. The owner publishes events as its workers report; a reader's
 * renderer would otherwise see nothing until it reloads. So a reader polls the store (every
 * 500 ms; SQLite in WAL mode lets it read while the owner writes) and publishes the same
 * events on its own EventHub, which coalesces them as for the owner: runs whose status
 * changed, new metric points per series (from the coarsest block rows: O(series), not
 * O(points)), step progress derived from the last train/loss point, and new checkpoints and
 * evaluations.
 */
import { z } from 'zod'
import type { Run } from '../../../shared'
import type { Store } from '../store'
import { COARSEST_LEVEL } from '../store/metric-blocks'
import type { EventHub } from '../events/event-hub'

export const STORE_POLL_MS = 500

interface SeriesState {
  count: number
  lastStep: number
}

// A run made by hand may say its length in its free-form config; an experiment's run says it in its plan.
const HandSteps = z.object({ steps: z.number().int() })
const plannedSteps = (run: Run): number => run.plan?.steps ?? HandSteps.safeParse(run.config).data?.steps ?? 0

export class StoreWatch {
  private timer: ReturnType<typeof setInterval> | undefined
  private runs = new Map<number, string>()
  private series = new Map<number, SeriesState>()
  private lastCheckpoint = 0
  private lastEvaluation = 0

  constructor(
    private readonly store: Store,
    private readonly events: EventHub,
  ) {}

  start(): void {
    if (this.timer) return
    this.poll(false)
    this.timer = setInterval(() => this.poll(true), STORE_POLL_MS)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  /** One pass; `publish` false only takes the baseline (what is there when the reader opens). */
  poll(publish = true): void {
    if (!this.store.db.open) return this.stop()
    const db = this.store.db
    for (const r of this.store.runs.statusStamps()) {
      const seen = this.runs.get(r.id)
      const now = `${r.status}@${r.updatedAt}`
      this.runs.set(r.id, now)
      if (publish && seen !== now) this.events.publish({ type: 'run.changed', run: this.store.runs.get(r.id) })
    }
    const blocks = db
      .prepare(
        `SELECT b.series_id AS id, s.run_id AS runId, s.key AS key, sum(b.count) AS count, max(b.last_step) AS lastStep
         FROM metric_blocks b JOIN metric_series s ON s.id = b.series_id WHERE b.level = ? GROUP BY b.series_id`,
      )
      .all(COARSEST_LEVEL) as { id: number; runId: number; key: string; count: number; lastStep: number }[]
    const byRun = new Map<number, { keys: string[]; count: number; lastStep: number }>()
    for (const b of blocks) {
      const seen = this.series.get(b.id)
      this.series.set(b.id, { count: b.count, lastStep: b.lastStep })
      if (seen && seen.count === b.count && seen.lastStep === b.lastStep) continue
      const added = Math.max(1, b.count - (seen?.count ?? 0))
      const entry = byRun.get(b.runId) ?? { keys: [], count: 0, lastStep: 0 }
      entry.keys.push(b.key)
      entry.count += added
      entry.lastStep = Math.max(entry.lastStep, b.lastStep)
      byRun.set(b.runId, entry)
    }
    if (publish)
      for (const [runId, e] of byRun) {
        this.events.publish({ type: 'metrics.appended', runId, keys: e.keys, count: e.count, lastStep: e.lastStep })
        if (e.keys.includes('train/loss')) this.progress(runId)
      }
    for (const c of db.prepare('SELECT id FROM checkpoints WHERE id > ? ORDER BY id').all(this.lastCheckpoint) as { id: number }[]) {
      this.lastCheckpoint = c.id
      if (publish) this.events.publish({ type: 'checkpoint.created', checkpoint: this.store.checkpoints.get(c.id) })
    }
    for (const e of db.prepare('SELECT id, checkpoint_id FROM evaluations WHERE id > ? ORDER BY id').all(this.lastEvaluation) as { id: number; checkpoint_id: number }[]) {
      this.lastEvaluation = e.id
      if (publish) {
        const evaluation = this.store.evaluations.listByCheckpoint(e.checkpoint_id).find((x) => x.id === e.id)
        if (evaluation) this.events.publish({ type: 'evaluation.created', evaluation })
      }
    }
  }

  private progress(runId: number): void {
    const last = (key: string) =>
      this.store.db
        .prepare('SELECT m.step AS step, m.value AS value FROM metrics m JOIN metric_series s ON s.id = m.series_id WHERE s.run_id = ? AND s.key = ? ORDER BY m.step DESC LIMIT 1')
        .get(runId, key) as { step: number; value: number } | undefined
    const loss = last('train/loss')
    if (!loss) return
    const speed = last('train/tokens_per_second')
    const run = this.store.runs.get(runId)
    this.events.publish({ type: 'run.progress', runId, step: loss.step, totalSteps: plannedSteps(run), tokensPerSecond: Math.max(0, speed?.value ?? 0), etaSeconds: null, loss: loss.value })
  }
}
