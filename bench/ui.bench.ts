/**
 * `npx tsx bench/ui.bench.ts`: how the charts behave at scale, in headless Chromium through
 * the local host. Seeds a temporary store with 20 runs × 200,000 points per metric
 * (train/loss and train/lr, plus val/loss every 100 steps), then measures
 *   - time to first draw of all 20 runs' train/loss on the Compare page (cold page load, and
 *     warm navigations from another page),
 *   - zoom: re-query of the visible range for 20 runs + redraw (programmatic zoom through the
 *     chart test hook),
 *   - frame times while panning the zoomed chart (one pan step per animation frame),
 *   - a run's own page (loss + learning-rate charts) to first draw.
 * Target: 20 × 200,000 points drawn in under a second; zoom and pan smooth.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { openService } from '../electron/core/service'
import { startHost } from '../electron/host/server'
import { CHROMIUM_ARGS, findChromium, launchChromium } from '../tests/e2e/browser'
import { T0, writeCurves } from './ui/seed'
import type { ChartSnapshot } from '../renderer/src/charts/test-hook'

const RUNS = 20
const POINTS = 200_000
const ROOT = resolve(__dirname, '..')

function newest(dir: string): number {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

function ensureBuilt(): string {
  const index = join(ROOT, 'out/renderer/index.html')
  if (!existsSync(index) || statSync(index).mtimeMs < newest(join(ROOT, 'renderer'))) {
    console.log('building the renderer (npm run build)…')
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
    if (r.status !== 0) throw new Error('npm run build failed')
  }
  return join(ROOT, 'out/renderer')
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!
const ms = (v: number) => `${v.toFixed(0).padStart(5)} ms`

/**
 * Watches a chart from inside the page, one check per animation frame, and returns when it
 * first drew all its lines (a coarse first pass counts) and when it drew them at full
 * resolution with nothing left in flight, as performance.now() times of those draws.
 */
async function watchChart(page: Page, id: string, lines: number, timeout = 60_000): Promise<{ first: number; full: number; snap: ChartSnapshot }> {
  return page.evaluate(
    async ([chart, n, limit]) => {
      const started = performance.now()
      let first = 0
      for (;;) {
        await new Promise((r) => requestAnimationFrame(r))
        const s = window.__continuumCharts?.[chart as string]?.snapshot()
        const drawn = !!s && s.loaded && s.lines.length === n && s.lines.every((l) => l.x.length > 0) && s.drawCount > 0
        if (drawn && first === 0) first = s.lastDrawAt
        if (drawn && !s.fetching) return { first, full: s.lastDrawAt, snap: s }
        if (performance.now() - started > (limit as number)) throw new Error(`chart ${chart} did not settle`)
      }
    },
    [id, lines, timeout] as const,
  )
}

async function main() {
  const chromium = findChromium()
  if (!chromium) throw new Error('No Chromium: the UI benchmark needs one (apt-get install chromium, or CHROMIUM_PATH).')
  const staticDir = ensureBuilt()
  const dir = mkdtempSync(join(tmpdir(), 'continuum-ui-bench-'))
  const service = openService(dir)
  const ids: number[] = []
  const t = performance.now()
  for (let i = 0; i < RUNS; i++) {
    const run = service.store.runs.create({
      experimentId: null,
      name: `bench-${String(i + 1).padStart(2, '0')}`,
      kind: 'pretrain',
      config: { lr: { kind: 'cosine', peak: 6e-4 * (1 + i / 20), warmup: 4_000, total: POINTS, floor: 6e-5 }, model: { layers: 4 + (i % 3), dModel: 256 } },
      parentCheckpointId: null,
      seed: i,
      tags: [],
      notes: '',
    })
    ids.push(run.id)
    writeCurves(service.store, run.id, {
      steps: POINTS,
      seed: i + 1,
      floor: 2.2 + i * 0.03,
      startTime: T0 + i * 60_000,
      keys: ['train/loss', 'train/lr', 'val/loss'],
      valEvery: 100,
      spikes: { [50_000 + i * 1_000]: 20 },
      schedule: { kind: 'cosine', peak: 6e-4 * (1 + i / 20), warmup: 4_000, total: POINTS, floor: 6e-5 },
    })
  }
  const seedSeconds = (performance.now() - t) / 1000
  const points = service.store.counts().metricPoints
  console.log(`\nContinuum UI benchmark: ${RUNS} runs × ${POINTS.toLocaleString()} points per metric (${points.toLocaleString()} points in all, seeded in ${seedSeconds.toFixed(1)} s)`)

  const host = await startHost({ service, staticDir })
  const browser = await launchChromium(chromium)
  void CHROMIUM_ARGS
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  const base = host.url.split('#')[0]!
  const compareHash = `#/compare?runs=${ids.join(',')}&key=train/loss`

  // Cold: a fresh page load straight onto the comparison (bundle, connection, queries, draw).
  await page.goto(`${base}#token=${host.token}`)
  await page.getByTestId('connection-indicator').waitFor()
  const cold: { first: number; full: number }[] = []
  for (let i = 0; i < 3; i++) {
    // A new query string makes it a real page load, not a same-document hash change.
    await page.goto(`${base}?load=${i}${compareHash}`)
    const w = await watchChart(page, 'compare', RUNS)
    cold.push(w) // performance.now() counts from the navigation's start
    if (i === 0) {
      const buckets = w.snap.lines.reduce((a, l) => a + l.x.length, 0)
      const total = w.snap.lines.reduce((a, l) => a + l.pointCount, 0)
      console.log(`compare chart: ${w.snap.lines.length} runs, ${total.toLocaleString()} points drawn as ${buckets.toLocaleString()} buckets (≤ ${w.snap.maxBuckets} per run)`)
    }
  }

  // Warm: the app is loaded; navigate from the runs page to the comparison.
  const warm: { first: number; full: number }[] = []
  for (let i = 0; i < 5; i++) {
    await page.evaluate(() => (window.location.hash = '#/runs'))
    await page.getByTestId('runs-table').waitFor()
    const start = await page.evaluate((hash) => {
      const t0 = performance.now()
      window.location.hash = hash
      return t0
    }, compareHash)
    const w = await watchChart(page, 'compare', RUNS)
    warm.push({ first: w.first - start, full: w.full - start })
  }

  // Zoom: programmatic, as a drag would, then wait for the re-query of 20 runs and the redraw.
  const zooms: number[] = []
  const ranges = [
    [20_000, 60_000],
    [50_000, 52_000],
    [100_000, 100_500],
    [10_000, 190_000],
    [150_000, 151_000],
    [49_000, 70_000],
  ]
  for (const [a, b] of ranges) {
    const took = await page.evaluate(
      async ([min, max]) => {
        const chart = window.__continuumCharts!.compare!
        const t0 = performance.now()
        chart.zoom(min!, max!)
        return (await chart.settled()) - t0
      },
      [a, b],
    )
    zooms.push(took)
  }
  const zoomedBuckets = await page.evaluate(() => window.__continuumCharts!.compare!.snapshot().lines[0]!.count.slice(0, 3))

  // Pan: one step of 1% of the visible range per animation frame, 120 frames.
  await page.evaluate(async () => {
    const chart = window.__continuumCharts!.compare!
    chart.zoom(60_000, 80_000)
    await chart.settled()
  })
  const pan = await page.evaluate(async () => {
    const chart = window.__continuumCharts!.compare!
    const frames: number[] = []
    const work: number[] = []
    let last = performance.now()
    for (let i = 0; i < 120; i++) {
      await new Promise<void>((done) =>
        requestAnimationFrame((now) => {
          frames.push(now - last)
          last = now
          const t0 = performance.now()
          chart.panBy(0.01)
          // uPlot draws in a microtask after setScale; measure through it.
          void Promise.resolve().then(() => {
            work.push(performance.now() - t0)
            done()
          })
        }),
      )
    }
    return { frames: frames.slice(1), work }
  })

  // A run's own page: loss and learning-rate charts of one 200,000-point run.
  const runPage: number[] = []
  for (let i = 0; i < 3; i++) {
    await page.evaluate(() => (window.location.hash = '#/runs'))
    await page.getByTestId('runs-table').waitFor()
    const start = await page.evaluate((id) => {
      const t0 = performance.now()
      window.location.hash = `#/runs/${id}`
      return t0
    }, ids[i]!)
    const loss = await watchChart(page, 'loss', 2)
    const lr = await watchChart(page, 'train/lr', 1)
    runPage.push(Math.max(loss.full, lr.full) - start)
  }

  console.log('')
  const firsts = (xs: { first: number }[]) => xs.map((x) => x.first)
  const fulls = (xs: { full: number }[]) => xs.map((x) => x.full)
  console.log(`20 runs, cold page load: first draw       median ${ms(median(firsts(cold)))}   full resolution ${ms(median(fulls(cold)))}`)
  console.log(`20 runs, from another page: first draw    median ${ms(median(firsts(warm)))}   full resolution ${ms(median(fulls(warm)))}   (max ${ms(Math.max(...fulls(warm)))})`)
  console.log(`zoom: re-query 20 runs + redraw           median ${ms(median(zooms))}   max ${ms(Math.max(...zooms))}   (zoomed buckets hold ${zoomedBuckets.join(', ')} points)`)
  console.log(`pan: frame interval                       median ${median(pan.frames).toFixed(1)} ms   p95 ${pct(pan.frames, 0.95).toFixed(1)} ms   max ${Math.max(...pan.frames).toFixed(1)} ms`)
  console.log(`pan: setScale + redraw per frame (JS)     median ${median(pan.work).toFixed(1)} ms   p95 ${pct(pan.work, 0.95).toFixed(1)} ms`)
  console.log(`run page (loss + lr charts), full draw    median ${ms(median(runPage))}`)
  const met = Math.max(median(firsts(cold)), median(firsts(warm))) < 1000
  console.log(`target: 20 × 200,000 points drawn in < 1 s → ${met ? 'met' : 'NOT met'} (first draw); pan p95 frame ${pct(pan.frames, 0.95) < 34 ? '≤ 2 frames (smooth)' : '> 2 frames (NOT smooth)'}`)
  if (errors.length > 0) console.log(`page errors: ${errors.join('; ')}`)

  await browser.close()
  await host.close()
  service.close()
  rmSync(dir, { recursive: true, force: true })
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
