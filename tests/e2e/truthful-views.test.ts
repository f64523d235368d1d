/**
 * What issue 12 found misleading, checked in Chromium through the host on a seeded store: a
 * single-point series is drawn (a marker on the canvas) inside an x range that covers the
 * data; a joined parent is fully visible; clip outliers clips a real spike and says so; log
 * ticks are readable; a 0%-replay fine-tune's held-out pre-training loss is on the compare
 * page by default; every export downloads a file whose content is checked (PNGs decoded by
 * the browser, at the right size); a reloaded page keeps its view and a new experiment does
 * not take the Forgetting page over; no console error on any page. Screenshots of every page
 * at 1024 and 1440 px, light and dark, land in tests/e2e/screenshots/ for review.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { MetricPoint } from '../../shared'
import type { ChartSnapshot } from '../../renderer/src/charts/test-hook'
import type {} from '../../renderer/src/heatmaps/heatmap-hook'
import { findChromium, openWorkbench, setScheme, type Workbench, workbenchSuite } from './browser'
import { seededPlan } from '../helpers/plan'

const chromiumPath = findChromium()
const SHOTS = join(__dirname, 'screenshots')
const WAIT = { timeout: 15_000 }
const SHA = 'b'.repeat(64)
const TPS = 1_024
const T0 = Date.UTC(2026, 10, 2, 9, 0, 0)

const PRE_STEPS = 20_000
/** A one-step spike the overview's lines never see (it is not the last step of its bucket). */
const SPIKE_STEP = 10_007
const SPIKE = 30
const preLoss = (s: number) => 0.25 + 4 * Math.exp(-s / 4_000) + (s === SPIKE_STEP ? SPIKE : 0)
const FT_STEPS = 1_580
const ftLoss = (s: number) => 0.4 + 1.6 * Math.exp(-s / 300)
const point = (key: string, step: number, value: number, t0 = T0): MetricPoint => ({ key, step, tokens: step * TPS, wallTime: t0 + step * 50, value })

function seed(wb: Workbench) {
  const { store } = wb.service
  const experiment = store.experiments.create({ name: 'truth-study', description: 'seeded for the truthful-views suite', schedule: null })
  const pre = store.runs.create({ experimentId: experiment.id, name: 'pretrain', kind: 'pretrain', config: {}, plan: seededPlan({ key: 'pretrain', kind: 'pretrain' }), parentCheckpointId: null, seed: 1, tags: [], notes: '' })
  const loss: MetricPoint[] = []
  for (let s = 1; s <= PRE_STEPS; s++) loss.push(point('train/loss', s, preLoss(s)))
  store.metrics.append(pre.id, loss)
  const lr: MetricPoint[] = []
  for (let s = 1; s <= PRE_STEPS; s += 10) lr.push(point('train/lr', s, 1e-3 * Math.min(1, s / 1_000)))
  store.metrics.append(pre.id, lr)
  store.runs.setStatus(pre.id, 'running', { backend: 'cpu' })
  const checkpoint = store.checkpoints.create({ runId: pre.id, step: PRE_STEPS, tokens: PRE_STEPS * TPS, path: join(wb.service.dataDir, 'checkpoints', 'pre'), bytes: 1_000, sha256: SHA })
  store.runs.setStatus(pre.id, 'completed')
  const record = (checkpointId: number, task: string, value: number) =>
    store.evaluations.record({ checkpointId, task, split: 'test', promptFormat: 'default', shots: 4, metric: 'accuracy', value, ciLow: value - 0.05, ciHigh: value + 0.05, n: 100 })
  record(checkpoint.id, 'nli', 0.34)
  record(checkpoint.id, 'facts', 0.9)

  const finetune = (replay: number) => {
    const run = store.runs.create({
      experimentId: experiment.id,
      name: `nli from step ${PRE_STEPS} replay ${replay * 100}%`,
      kind: 'finetune',
      config: {},
      plan: seededPlan({ key: `ft-replay-${replay}`, kind: 'finetune', task: 'nli', replay }),
      parentCheckpointId: checkpoint.id,
      seed: 1,
      tags: [],
      notes: '',
    })
    const t0 = T0 + 3_600_000
    const points: MetricPoint[] = []
    for (let s = 1; s <= FT_STEPS; s++) points.push(point('train/loss', s, ftLoss(s), t0), point('train/task_loss', s, ftLoss(s) + 0.1, t0))
    // Held-out pre-training loss from step 0 (the parent's value) every 200 steps and at the end.
    for (const s of [0, 200, 400, 600, 800, 1_000, 1_200, 1_400, FT_STEPS]) points.push(point('val/loss', s, 0.28 + (replay === 0 ? 0.6 : 0.1) * (1 - Math.exp(-s / 400)), t0))
    // A metric with a single point: drawn as a marker.
    points.push(point('val/ppl', FT_STEPS, replay === 0 ? 2.4 : 1.5, t0))
    store.metrics.append(run.id, points)
    store.runs.setStatus(run.id, 'running', { backend: 'cpu' })
    const c = store.checkpoints.create({ runId: run.id, step: FT_STEPS, tokens: FT_STEPS * TPS, path: join(wb.service.dataDir, 'checkpoints', `ft-${run.id}`), bytes: 1_000, sha256: SHA })
    store.runs.setStatus(run.id, 'completed')
    record(c.id, 'nli', replay === 0 ? 0.7 : 0.66)
    record(c.id, 'facts', replay === 0 ? 0.2 : 0.8)
    return { run, checkpoint: c }
  }
  return { experiment, pre, checkpoint, zero: finetune(0), quarter: finetune(0.25) }
}

describe.skipIf(chromiumPath === null)('the workbench shows the data truthfully', () => {
  let page: Page
  let seeded: ReturnType<typeof seed>

  const snapshot = (id = 'loss') => page.evaluate((chart) => window.__continuumCharts?.[chart]?.snapshot() ?? null, id) as Promise<ChartSnapshot | null>
  const settled = (id = 'loss') => expect.poll(async () => (await snapshot(id))?.fetching, WAIT).toBe(false)
  const go = async (hash: string) => {
    await page.evaluate((h) => (window.location.hash = h), hash)
  }
  const reload = async () => {
    // The token travels in the fragment only once; a reload of the page keeps its own address.
    await page.reload()
  }
  const download = async (open: () => Promise<void>, item: string) => {
    await open()
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: item, exact: true }).click()])
    return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) }
  }
  /** Decoded by the browser itself: a PNG that does not decode throws. */
  const decodePng = (bytes: Buffer) =>
    page.evaluate(async (b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
      const bitmap = await createImageBitmap(new Blob([data], { type: 'image/png' }))
      return { width: bitmap.width, height: bitmap.height }
    }, bytes.toString('base64'))

  const suite = workbenchSuite('continuum-e2e-truth-', async (dir) => {
    mkdirSync(SHOTS, { recursive: true })
    const wb = await openWorkbench(chromiumPath!, dir)
    page = wb.page
    seeded = seed(wb)
    return wb
  }, 60_000)

  it('draws a single-point series as a marker, inside an x range that covers the data', async () => {
    await go(`#/runs/${seeded.zero.run.id}`)
    const id = 'val/ppl'
    await page.locator(`[data-testid="chart-${id}"][data-loaded="true"]`).waitFor(WAIT)
    await settled(id)
    const s = (await snapshot(id))!
    expect(s.lines).toHaveLength(1)
    expect(s.lines[0]!.x).toEqual([PRE_STEPS + FT_STEPS])
    // The page's charts share the data's x extent: the fine-tune's steps on the model's axis.
    expect(s.xScale!.max).toBeGreaterThanOrEqual(PRE_STEPS + FT_STEPS)
    expect(s.xScale!.max).toBeLessThanOrEqual(PRE_STEPS + FT_STEPS + 40)
    expect(s.xScale!.min).toBeGreaterThanOrEqual(PRE_STEPS - 40)
    // The canvas has the series' colour where the point is.
    const color = await page.locator(`[data-testid="legend-${id}"] line`).first().getAttribute('stroke')
    const pixel = await page.evaluate(
      ({ id, x, y }) => {
        const at = window.__continuumCharts![id]!.toPixel(x, y)!
        const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="plot-${id}"] canvas`)!
        const [r, g, b, a] = canvas.getContext('2d')!.getImageData(Math.round(at.x) - 1, Math.round(at.y), 1, 1).data
        return { r: r!, g: g!, b: b!, a: a! }
      },
      { id, x: PRE_STEPS + FT_STEPS, y: 2.4 },
    )
    const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color!)!
    const [r, g, b] = [1, 2, 3].map((i) => parseInt(hex[i]!, 16))
    expect(pixel.a).toBeGreaterThan(200)
    expect(Math.abs(pixel.r - r!) + Math.abs(pixel.g - g!) + Math.abs(pixel.b - b!)).toBeLessThan(60)
  })

  it('fits the y range to a joined parent, clips only its real outlier and says so', async () => {
    await page.getByRole('switch', { name: 'Join parent curves' }).check()
    await expect.poll(async () => (await snapshot())?.lines.some((l) => l.ancestor), WAIT).toBe(true)
    await settled()
    const s = (await snapshot())!
    const parent = s.lines.find((l) => l.ancestor && l.key === 'train/loss')!
    // The spike is in the parent's band only, never in its line.
    expect(Math.max(...parent.max)).toBeCloseTo(preLoss(SPIKE_STEP), 9)
    expect(Math.max(...parent.last)).toBeLessThan(5)
    // Everything drawn of the parent's line is in view: from its first loss (4.2) to its last (0.28).
    expect(s.yScale!.min).toBeLessThanOrEqual(Math.min(...parent.last))
    expect(s.yScale!.max).toBeGreaterThanOrEqual(Math.max(...parent.last))
    expect(s.xScale!.min).toBeLessThanOrEqual(parent.x[0]!)
    // The spike is clipped, and the chart says so.
    expect(s.yScale!.max).toBeLessThan(SPIKE)
    expect(s.clipped.above).toBeCloseTo(preLoss(SPIKE_STEP), 9)
    await expect.poll(() => page.getByTestId('clipped-loss').textContent(), WAIT).toContain('band up to 30.')
    // The learning-rate chart shows the parent's warm-up too.
    const lr = (await snapshot('train/lr'))!
    expect(lr.yScale!.min).toBeLessThanOrEqual(1e-6)

    await page.getByRole('switch', { name: 'Clip outliers' }).uncheck()
    await expect.poll(async () => (await snapshot())?.yScale?.max ?? 0, WAIT).toBeGreaterThan(preLoss(SPIKE_STEP))
    await expect.poll(() => page.getByTestId('clipped-loss').count()).toBe(0)
    await page.getByRole('switch', { name: 'Clip outliers' }).check()
    await page.mouse.move(0, 0)
    await page.screenshot({ path: join(SHOTS, 'truth-joined-parent-light.png'), fullPage: true })
  })

  it('labels a log axis with readable, distinct ticks', async () => {
    await page.getByRole('switch', { name: 'Log loss' }).check()
    await expect.poll(async () => (await snapshot())?.yTicks.length ?? 0, WAIT).toBeGreaterThan(1)
    await settled()
    const ticks = (await snapshot())!.yTicks
    expect(new Set(ticks).size).toBe(ticks.length)
    for (const t of ticks) expect(Number(t)).toBeGreaterThan(0)
    // Ordered from bottom to top, no label repeated or rounded to nothing.
    const values = ticks.map(Number)
    expect([...values].sort((a, b) => a - b)).toEqual(values)
    await page.getByTestId('chart-loss').screenshot({ path: join(SHOTS, 'truth-log-axis.png') })
  })

  it('keeps the run page view across a reload', async () => {
    await page.getByTestId('x-axis').getByText('Tokens seen').click()
    await expect.poll(async () => (await snapshot())?.mode, WAIT).toBe('tokens')
    expect(page.url()).toContain('x=tokens')
    await reload()
    await page.locator('[data-testid="chart-loss"][data-loaded="true"]').waitFor(WAIT)
    await settled()
    const s = (await snapshot())!
    expect(s.mode).toBe('tokens')
    expect(s.lines.some((l) => l.ancestor)).toBe(true)
    expect(await page.getByRole('switch', { name: 'Log loss' }).isChecked()).toBe(true)
    expect(await page.getByRole('switch', { name: 'Join parent curves' }).isChecked()).toBe(true)
  })

  it('exports a curve as a PNG the browser decodes at the chart size, and as CSV', async () => {
    const open = () => page.getByRole('button', { name: 'Export Loss' }).click()
    const png = await download(open, 'PNG')
    expect(png.name).toBe('loss-tokens.png')
    const size = await decodePng(png.bytes)
    const plot = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="plot-loss"] canvas')!
      return { width: canvas.width, ratio: devicePixelRatio }
    })
    expect(size.width).toBe(plot.width)
    expect(size.height).toBeGreaterThan(300 * plot.ratio)
    const csv = (await download(open, 'CSV')).bytes.toString('utf8').trim().split('\n')
    expect(csv[0]!.startsWith('run_id,run,key,segment,x_tokens,')).toBe(true)
    expect(csv.filter((l) => l.includes(',val/loss,run,'))).toHaveLength(9)
  })

  it('compares fine-tunes on held-out pre-training loss by default, the 0%-replay run included', async () => {
    await go(`#/compare?runs=${seeded.zero.run.id},${seeded.quarter.run.id}`)
    await page.locator('[data-testid="chart-compare"][data-loaded="true"]').waitFor(WAIT)
    await settled('compare')
    const s = (await snapshot('compare'))!
    expect(s.title).toBe('val/loss')
    expect(s.lines.map((l) => l.runId)).toEqual([seeded.zero.run.id, seeded.quarter.run.id])
    // From step 0 (the parent's value) to the end, for both.
    for (const l of s.lines) {
      expect(l.pointCount).toBe(9)
      expect(l.x[0]).toBe(PRE_STEPS)
    }
    expect(s.lines[0]!.last.at(-1)).toBeGreaterThan(s.lines[1]!.last.at(-1)!)
    expect(await page.getByTestId('compare-missing').count()).toBe(0)
    await page.getByTestId('compare-finetune-keys').getByRole('button', { name: 'task loss' }).click()
    await expect.poll(async () => (await snapshot('compare'))?.title, WAIT).toBe('train/task_loss')
    await page.getByTestId('x-axis').getByText('Steps since branch').click()
    await expect.poll(() => page.url(), WAIT).toContain('x=branch')
    await reload()
    await page.locator('[data-testid="chart-compare"][data-loaded="true"]').waitFor(WAIT)
    await settled('compare')
    const after = (await snapshot('compare'))!
    expect(after.title).toBe('train/task_loss')
    expect(after.mode).toBe('branch')
    expect(after.lines).toHaveLength(2)
  })

  it('exports heatmaps as PNG (decoded, at twice the chart size), SVG, CSV and JSON under the CSP', async () => {
    await go(`#/forgetting/${seeded.experiment.id}`)
    await expect.poll(async () => (await page.evaluate(() => window.__continuumHeatmaps?.forgetting?.snapshot().heatmap?.rows.length)) ?? 0, WAIT).toBeGreaterThan(0)
    const open = () => page.getByTestId('export-forgetting').click()
    const png = await download(open, 'PNG')
    expect(png.name).toBe('score-in-domain-default-4-shot.png')
    const size = await decodePng(png.bytes)
    const canvas = await page.getByTestId('heatmap-canvas-forgetting').boundingBox()
    expect(size.width).toBe(Math.round(canvas!.width) * 2)
    expect(size.height).toBe(Math.round(canvas!.height) * 2)
    const svg = (await download(open, 'SVG')).bytes.toString('utf8')
    expect(svg).toMatch(/^<svg/)
    expect(svg).toContain('nli')
    const csv = (await download(open, 'CSV')).bytes.toString('utf8').trim().split('\n')
    expect(csv).toHaveLength(1 + 3 * 2)
    const json = JSON.parse((await download(open, 'JSON')).bytes.toString('utf8')) as { rows: { task: string; value: number | null }[] }
    expect(json.rows.filter((r) => r.task === 'facts').map((r) => r.value)).toContain(0.9)
    expect(suite.wb.pageErrors).toEqual([])
  })

  it('keeps the Forgetting view across a reload and a new experiment', async () => {
    await go('#/forgetting')
    // The page pins the experiment it chose in the address.
    await expect.poll(() => page.url(), WAIT).toContain(`#/forgetting/${seeded.experiment.id}`)
    await page.getByTestId('metric').getByText('Fine-tuned − base', { exact: true }).click()
    await expect.poll(() => page.evaluate(() => window.__continuumHeatmaps?.forgetting?.snapshot().heatmap?.metric), WAIT).toBe('gain')
    await page.getByTestId('filter-replay').click()
    await page.getByRole('option', { name: '25%' }).click()
    await expect.poll(() => page.url(), WAIT).toContain('replay=0.25')
    const newer = suite.wb.service.store.experiments.create({ name: 'newer', description: '', schedule: null })
    const run = suite.wb.service.store.runs.create({ experimentId: newer.id, name: 'late', kind: 'pretrain', config: {}, parentCheckpointId: null, seed: 1, tags: [], notes: '' })
    suite.wb.service.events.publish({ type: 'run.changed', run: suite.wb.service.store.runs.get(run.id) })
    await reload()
    await expect.poll(() => page.evaluate(() => window.__continuumHeatmaps?.forgetting?.snapshot().heatmap?.rows.length), WAIT).toBe(1)
    const h = (await page.evaluate(() => window.__continuumHeatmaps!.forgetting!.snapshot().heatmap))!
    expect(h.metric).toBe('gain')
    expect(h.rows.map((r) => r.checkpointId)).toEqual([seeded.quarter.checkpoint.id])
    expect(page.url()).toContain(`#/forgetting/${seeded.experiment.id}`)
    expect(suite.wb.pageErrors).toEqual([])
  })

  it('opens every page without a console error, at 1024 and 1440 px, light and dark', async () => {
    const pages: [string, string][] = [
      ['runs', '#/runs'],
      ['run', `#/runs/${seeded.zero.run.id}?join=1`],
      ['experiments', '#/experiments'],
      ['experiment', `#/experiments/${seeded.experiment.id}`],
      ['experiment-new', '#/experiments/new'],
      ['checkpoints', '#/checkpoints'],
      ['checkpoint', `#/checkpoints/${seeded.zero.checkpoint.id}`],
      ['forgetting', `#/forgetting/${seeded.experiment.id}`],
      ['compare', `#/compare?runs=${seeded.zero.run.id},${seeded.quarter.run.id}`],
      ['settings', '#/settings'],
    ]
    for (const scheme of ['Light', 'Dark'] as const) {
      await setScheme(page, scheme)
      for (const width of [1024, 1440]) {
        await page.setViewportSize({ width, height: 900 })
        for (const [name, hash] of pages) {
          await go(hash)
          await page.waitForLoadState('networkidle')
          await page.waitForTimeout(700)
          await page.mouse.move(0, 0)
          await page.screenshot({ path: join(SHOTS, `page-${name}-${width}-${scheme.toLowerCase()}.png`), fullPage: true })
        }
      }
    }
    await setScheme(page, 'Light')
    expect(suite.wb.pageErrors).toEqual([])
  })
})
