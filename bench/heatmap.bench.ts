/**
 * `npm run bench:heatmap`: how long a 64 × 32 forgetting heatmap (64 pre-training
 * checkpoints × 32 tasks, one cell in ten not evaluated) takes to draw in headless Chromium
 * through the local host: the synchronous ECharts setOption + flush the heatmap hook records,
 * for the first draw and for redraws on switching the colour scheme. Target: under 200 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import type {} from '../renderer/src/heatmaps/heatmap-hook'
import { join, resolve } from 'node:path'
import { openService } from '../electron/core/service'
import { startHost } from '../electron/host/server'
import { builtRenderer, findChromium, launchChromium } from '../tests/e2e/chromium'
import { seededPlan } from '../tests/helpers/plan'

const ROWS = 64
const TASKS = 32

async function main() {
  const chromium = findChromium()
  if (!chromium) return
  const dir = mkdtempSync(join(tmpdir(), 'continuum-heatmap-bench-'))
  const service = openService(dir, { autoStart: false })
  const { store } = service
  const experiment = store.experiments.create({ name: 'heatmap-bench', description: '', schedule: null })
  const run = store.runs.create({ experimentId: experiment.id, name: 'pretrain', kind: 'pretrain', config: {}, plan: seededPlan({ key: 'pretrain', kind: 'pretrain' }), parentCheckpointId: null, seed: 1, tags: [], notes: '' })
  for (let i = 0; i < ROWS; i++) {
    const c = store.checkpoints.create({ runId: run.id, step: (i + 1) * 1000, tokens: (i + 1) * 1000 * 4096, path: join(dir, `c${i}`), bytes: 1, sha256: '0'.repeat(64) })
    for (let t = 0; t < TASKS; t++) {
      if ((i * TASKS + t) % 10 === 3) continue
      const value = 0.3 + 0.6 * ((i * 7 + t * 13) % 97) / 97
      store.evaluations.record({ checkpointId: c.id, task: `task-${String(t).padStart(2, '0')}`, split: 'test', promptFormat: 'default', shots: 4, metric: 'accuracy', value, ciLow: value - 0.03, ciHigh: value + 0.03, n: 500 })
    }
  }
  store.runs.setStatus(run.id, 'completed')
  const host = await startHost({ service, staticDir: builtRenderer(resolve(__dirname, '..')) })
  const browser = await launchChromium(chromium)
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(host.url)
    await page.evaluate((id) => (window.location.hash = `#/forgetting/${id}`), experiment.id)
    await page.waitForFunction(() => (window.__continuumHeatmaps?.forgetting?.snapshot().drawCount ?? 0) > 0, null, { timeout: 60_000 })
    const first = await page.evaluate(() => window.__continuumHeatmaps!.forgetting!.snapshot())
    const redraws: number[] = []
    for (let k = 0; k < 6; k++) {
      // Switching the colour scheme rebuilds the option and redraws the full 64 × 32 grid.
      const before = await page.evaluate(() => window.__continuumHeatmaps!.forgetting!.snapshot().drawCount)
      await page.getByRole('banner').getByRole('radio', { name: k % 2 ? 'Light' : 'Dark' }).focus()
      await page.keyboard.press('Space')
      await page.waitForFunction((b) => window.__continuumHeatmaps!.forgetting!.snapshot().drawCount > b, before)
      redraws.push(await page.evaluate(() => window.__continuumHeatmaps!.forgetting!.snapshot().lastDrawMs))
    }
    const cells = first.heatmap!.cells
    const sorted = [...redraws].sort((a, b) => a - b)
    console.log(`heatmap ${first.heatmap!.rows.length} × ${first.heatmap!.columns.length} (${cells.filter((c) => c.value === null).length} not evaluated)`)
    console.log(`  first draw   ${first.lastDrawMs.toFixed(1)} ms (target < 200 ms)`)
    console.log(`  redraw       median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms over ${redraws.length}`)
  } finally {
    await browser.close()
    await host.close()
    service.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
