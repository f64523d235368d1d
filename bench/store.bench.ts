/**
 * `npm run bench:store`: metric insert rate and downsample-query latency on a file database
 * (WAL), as the app uses it. Targets: ≥ 500,000 points/s inserted; ≤ 50 ms for a 1,000-bucket
 * query over a 1,000,000-point series.
 */
import { join } from 'node:path'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { Store } from '../electron/core/store'
import type { MetricPoint } from '../shared'

const POINTS = 1_000_000
const BATCH = 10_000

const dir = mkdtempSync(join(tmpdir(), 'continuum-bench-'))
const store = Store.open(join(dir, 'bench.db'))
const run = store.runs.create({ experimentId: null, name: 'bench', kind: 'pretrain', config: {}, parentCheckpointId: null, seed: 0, tags: [], notes: '' })

// A loss-like curve with noise and rare spikes, generated before timing.
const batches: MetricPoint[][] = []
for (let start = 0; start < POINTS; start += BATCH) {
  const batch: MetricPoint[] = []
  for (let step = start; step < start + BATCH; step++)
    batch.push({ key: 'train/loss', step, tokens: step * 2048, wallTime: 1_700_000_000_000 + step * 50, value: 4 / Math.log(step + 3) + Math.random() * 0.05 + (step % 99_991 === 0 ? 3 : 0) })
  batches.push(batch)
}

let t = performance.now()
for (const batch of batches) store.metrics.append(run.id, batch)
const insertSeconds = (performance.now() - t) / 1000
const rate = POINTS / insertSeconds

// Rewriting points (a resumed job) takes the slower rebuild path; measure it too.
t = performance.now()
store.metrics.append(run.id, batches[50]!.map((p) => ({ ...p, value: p.value + 1 })))
const rewriteMs = performance.now() - t

const timeQuery = (label: string, query: Parameters<Store['series']['query']>[0], repeats = 50) => {
  store.series.query(query)
  const samples: number[] = []
  for (let i = 0; i < repeats; i++) {
    const start = performance.now()
    store.series.query(query)
    samples.push(performance.now() - start)
  }
  samples.sort((a, b) => a - b)
  const median = samples[Math.floor(samples.length / 2)]!
  const p95 = samples[Math.floor(samples.length * 0.95)]!
  console.log(`${label.padEnd(48)} median ${median.toFixed(2)} ms   p95 ${p95.toFixed(2)} ms`)
  return median
}

console.log(`\nContinuum store benchmark (${POINTS.toLocaleString()} points, batches of ${BATCH.toLocaleString()}, WAL file database)`)
console.log(`insert rate                                      ${Math.round(rate).toLocaleString()} points/s  (target ≥ 500,000)`)
console.log(`rewrite of ${BATCH.toLocaleString()} existing points                   ${rewriteMs.toFixed(1)} ms`)
const full = timeQuery('1,000 buckets over all 1,000,000 points', { runId: run.id, key: 'train/loss', maxBuckets: 1000 })
timeQuery('1,000 buckets over steps 123,457–876,543', { runId: run.id, key: 'train/loss', fromStep: 123_457, toStep: 876_543, maxBuckets: 1000 })
timeQuery('1,000 buckets over a 5,000-step zoom', { runId: run.id, key: 'train/loss', fromStep: 500_003, toStep: 505_002, maxBuckets: 1000 })
timeQuery('4,000 buckets over all points', { runId: run.id, key: 'train/loss', maxBuckets: 4000 })
console.log(`target: 1,000-bucket query ≤ 50 ms → ${full <= 50 ? 'met' : 'NOT met'}; insert ≥ 500,000/s → ${rate >= 500_000 ? 'met' : 'NOT met'}`)

store.close()
rmSync(dir, { recursive: true, force: true })
