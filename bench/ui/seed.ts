/**
 * Synthetic training curves written through the store exactly as a training job writes them:
 * loss falling with noise, a cosine learning-rate schedule with warm-up, gradient norms,
 * throughput and a validation loss every so often. Used by the UI benchmark and for looking
 * at the charts by hand.
 */
import { createHash } from 'node:crypto'
import type { MetricPoint } from '../../shared'
import type { Store } from '../../electron/core/store'
import { lrAt, type LrSchedule } from '../../shared/schedules'

export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0)

export interface CurveOptions {
  steps: number
  /** First step number written (a fine-tune counts from 1 again). */
  firstStep?: number
  tokensPerStep?: number
  msPerStep?: number
  startTime?: number
  seed?: number
  /** Loss level reached late in training. */
  floor?: number
  schedule?: LrSchedule
  keys?: ('train/loss' | 'train/lr' | 'train/grad_norm' | 'train/tokens_per_second' | 'train/replay' | 'val/loss')[]
  valEvery?: number
  replay?: number
  /** Extra value added to train/loss at these steps. */
  spikes?: Record<number, number>
  batch?: number
}

/** A small deterministic PRNG so runs differ but reruns match. */
function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function writeCurves(store: Store, runId: number, o: CurveOptions): number {
  const first = o.firstStep ?? 1
  const tps = o.tokensPerStep ?? 16_384
  const ms = o.msPerStep ?? 180
  const start = o.startTime ?? T0
  const rand = mulberry32(o.seed ?? runId)
  const floor = o.floor ?? 2.4
  const schedule: LrSchedule = o.schedule ?? { kind: 'cosine', peak: 6e-4, warmup: Math.round(o.steps * 0.02), total: o.steps, floor: 6e-5 }
  const keys = new Set(o.keys ?? ['train/loss', 'train/lr', 'train/grad_norm', 'train/tokens_per_second', 'val/loss'])
  const valEvery = o.valEvery ?? Math.max(1, Math.round(o.steps / 100))
  const batchSize = o.batch ?? 50_000
  let batch: MetricPoint[] = []
  let written = 0
  const flush = () => {
    if (batch.length === 0) return
    written += store.metrics.append(runId, batch)
    batch = []
  }
  const scale = o.steps / 8
  for (let i = 0; i < o.steps; i++) {
    const step = first + i
    const at = { step, tokens: (i + 1) * tps, wallTime: start + Math.round((i + 1) * ms * (1 + 0.1 * Math.sin(i / 5000))) }
    const noise = (rand() - 0.5) * 0.12
    const clean = floor + 6.5 * Math.exp(-i / scale) + 0.6 * Math.exp(-i / (scale * 4))
    if (keys.has('train/loss')) batch.push({ key: 'train/loss', ...at, value: clean + noise + (o.spikes?.[step] ?? 0) })
    if (keys.has('train/lr')) batch.push({ key: 'train/lr', ...at, value: lrAt(schedule, i) })
    if (keys.has('train/grad_norm')) batch.push({ key: 'train/grad_norm', ...at, value: 0.4 + 1.6 * Math.exp(-i / scale) + rand() * 0.15 + (rand() < 0.0005 ? 4 * rand() : 0) })
    if (keys.has('train/tokens_per_second')) batch.push({ key: 'train/tokens_per_second', ...at, value: (tps / ms) * 1000 * (0.95 + rand() * 0.1) })
    if (keys.has('train/replay')) batch.push({ key: 'train/replay', ...at, value: o.replay ?? 0.05 })
    if (keys.has('val/loss') && (i + 1) % valEvery === 0) batch.push({ key: 'val/loss', ...at, value: clean + 0.08 + (rand() - 0.5) * 0.02 })
    if (batch.length >= batchSize) flush()
  }
  flush()
  return written
}

export function fakeCheckpoint(store: Store, runId: number, step: number, tokens: number, dir: string) {
  return store.checkpoints.create({
    runId,
    step,
    tokens,
    path: `${dir}/run-${runId}/step-${step}`,
    bytes: 19_431_424,
    sha256: createHash('sha256').update(`${runId}:${step}`).digest('hex'),
  })
}
