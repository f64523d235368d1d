/**
 * Run curves in Chromium through the host: a 100,000-point loss series with a single-step
 * spike of +50 must show the spike in the band's max at the right x; the x axis switches to
 * tokens; smoothing equals a debiased EMA computed here; appended points grow the chart
 * without a reload; a drag zooms and re-queries, a double-click resets; a fine-tune joins its
 * parent's curve at the branch step; CSV, JSON, PNG and SVG export download real files.
 * Screenshots in light and dark land in tests/e2e/screenshots/ for review.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { MetricPoint } from '../../shared'
import { openService } from '../../electron/core/service'
import type { ChartSnapshot } from '../../renderer/src/charts/test-hook'
import { findChromium, openWorkbench, setScheme, workbenchSuite } from './browser'

const chromiumPath = findChromium()
const SHOTS = join(__dirname, 'screenshots')
const WAIT = { timeout: 15_000 }

const STEPS = 100_000
const SPIKE_STEP = 54_321
const SPIKE = 50
const TPS = 2_048
const T0 = Date.UTC(2025, 2, 3, 8, 0, 0)
const BRANCH_STEP = 60_000
const base = (step: number) => 2.5 + 6 * Math.exp(-step / 9_000) + 0.05 * Math.sin(step / 37)
const value = (step: number) => base(step) + (step === SPIKE_STEP ? SPIKE : 0)
const point = (key: string, step: number, v: number): MetricPoint => ({ key, step, tokens: step * TPS, wallTime: T0 + step * 100, value: v })

function lossPoints(from: number, to: number): MetricPoint[] {
  const points: MetricPoint[] = []
  for (let step = from; step <= to; step++) points.push(point('train/loss', step, value(step)))
  return points
}

/** TensorBoard's debiased EMA, written out independently of the renderer's. */
function ema(values: number[], alpha: number): number[] {
  let acc = 0
  return values.map((v, i) => {
    acc = alpha * acc + (1 - alpha) * v
    return acc / (1 - alpha ** (i + 1))
  })
}

/** Indices of the buckets drawn inside an x range. */
function inView(line: { x: number[] }, range: { min: number; max: number }): number[] {
  return line.x.flatMap((x, i) => (x >= range.min && x <= range.max ? [i] : []))
}

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = text.trim().split('\n')
  const names = header!.split(',')
  return rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [names[i]!, cell])))
}

describe.skipIf(chromiumPath === null)('run curves in Chromium', () => {
  let page: Page
  let runId: number
  let childId: number
  let twinId: number

  const snapshot = (id = 'loss') => page.evaluate((chart) => window.__continuumCharts?.[chart]?.snapshot() ?? null, id) as Promise<ChartSnapshot | null>
  const loss = async () => (await snapshot())!.lines.find((l) => l.key === 'train/loss' && !l.ancestor)!
  const settled = (id = 'loss') => expect.poll(async () => (await snapshot(id))?.fetching, WAIT).toBe(false)
  const download = async (chart: string, format: string) => {
    await page.getByRole('button', { name: `Export ${chart}` }).click()
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: format }).click()])
    return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) }
  }

  const suite = workbenchSuite('continuum-e2e-curves-', async (dir) => {
    mkdirSync(SHOTS, { recursive: true })
    const service = openService(dir)
    const { store } = service
    /** A hand-made pre-training run whose config holds a cosine schedule peaking at `peak` (warm-up 2,000 of 100,000 steps). */
    const cosineRun = (name: string, peak: number, seed: number) =>
      store.runs.create({ experimentId: null, name, kind: 'pretrain', config: { lr: { kind: 'cosine', peak, warmup: 2_000, total: 100_000, floor: 6e-5 } }, parentCheckpointId: null, seed, tags: [], notes: '' })
    const run = cosineRun('spiky-pretrain', 6e-4, 1)
    runId = run.id
    for (let from = 1; from <= STEPS; from += 25_000) store.metrics.append(run.id, lossPoints(from, Math.min(STEPS, from + 24_999)))
    const lr: MetricPoint[] = []
    const val: MetricPoint[] = []
    for (let step = 1; step <= STEPS; step += 10) lr.push(point('train/lr', step, step < 2_000 ? (6e-4 * step) / 2_000 : 6e-4 * (1 - step / 200_000)))
    for (let step = 1_000; step <= STEPS; step += 1_000) val.push(point('val/loss', step, base(step) + 0.1))
    store.metrics.append(run.id, lr)
    store.metrics.append(run.id, val)
    store.runs.setStatus(run.id, 'running', { backend: 'cpu' })

    const checkpoint = store.checkpoints.create({ runId: run.id, step: BRANCH_STEP, tokens: BRANCH_STEP * TPS, path: join(dir, 'ckpt'), bytes: 1, sha256: '0'.repeat(64) })
    const child = store.runs.create({ experimentId: null, name: 'ft-child', kind: 'finetune', config: {}, parentCheckpointId: checkpoint.id, seed: 2, tags: [], notes: '' })
    childId = child.id
    const childPoints: MetricPoint[] = []
    for (let step = 1; step <= 5_000; step++) childPoints.push({ ...point('train/loss', step, 1.5 + Math.exp(-step / 500)), wallTime: T0 + 10_000_000 + step * 100 })
    store.metrics.append(child.id, childPoints)

    const twin = cosineRun('spiky-twin', 3e-4, 9)
    twinId = twin.id
    store.metrics.append(twin.id, lossPoints(1, 20_000).map((p) => ({ ...p, value: p.value - 0.5 })))

    const wb = await openWorkbench(chromiumPath!, service)
    page = wb.page
    await page.evaluate((id) => (window.location.hash = `#/runs/${id}`), runId)
    return wb
  })

  it('draws the spike in the band max at its step, from about one bucket per pixel', async () => {
    await page.locator('[data-testid="chart-loss"][data-loaded="true"]').waitFor(WAIT)
    await settled()
    const line = await loss()
    const s = (await snapshot())!
    expect(line.pointCount).toBe(STEPS)
    expect(line.x.length).toBeGreaterThan(500)
    expect(line.x.length).toBeLessThanOrEqual(s.maxBuckets)
    const k = line.fromStep.findIndex((from, i) => from <= SPIKE_STEP && SPIKE_STEP <= line.toStep[i]!)
    expect(k).toBeGreaterThanOrEqual(0)
    expect(line.max[k]).toBeCloseTo(value(SPIKE_STEP), 9)
    // The spike is the band's highest point, drawn at its bucket's last step, and nowhere else.
    expect(line.max.indexOf(Math.max(...line.max))).toBe(k)
    expect(line.x[k]).toBe(line.toStep[k])
    expect(line.x[k]! - SPIKE_STEP).toBeLessThan(line.toStep[k]! - line.fromStep[k]! + 1)
    expect(line.max.filter((m) => m > 20)).toHaveLength(1)
    // Mins and lasts never see it: the band, not the line, carries a single-step spike.
    expect(Math.max(...line.min)).toBeLessThan(10)
    expect(line.count.reduce((a, b) => a + b, 0)).toBe(STEPS)
    // Learning-rate schedule changes from the run's config are marked.
    expect(s.markers.map((m) => [m.label, m.x])).toEqual([
      ['warm-up ends', 2_000],
      ['decay ends', 100_000],
    ])
    await page.mouse.move(0, 0)
    await page.screenshot({ path: join(SHOTS, 'curves-light.png'), fullPage: true })
  })

  it('zooms by drag with a re-query of the visible range, and resets on double-click', async () => {
    const over = page.locator('[data-testid="plot-loss"] .u-over')
    const box = (await over.boundingBox())!
    const before = await loss()
    const width = (i: number) => before.toStep[i]! - before.fromStep[i]! + 1
    // Drag across roughly the middle tenth of the plot.
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2, { steps: 5 })
    await page.mouse.up()
    await expect.poll(async () => (await snapshot())?.xScale?.max ?? 0, WAIT).toBeLessThan(STEPS * 0.6)
    await settled()
    const zoomed = await loss()
    const scale = (await snapshot())!.xScale!
    expect(scale.max - scale.min).toBeLessThan(STEPS * 0.1)
    // Finer buckets than the overview had, across the plot and just beyond both edges: the
    // server was asked again for this range (the overview stays around it, for a pan).
    const shown = inView(zoomed, scale)
    expect(shown.length).toBeGreaterThan(100)
    for (const i of [shown[0]! - 1, ...shown, shown.at(-1)! + 1]) expect(zoomed.toStep[i]! - zoomed.fromStep[i]! + 1).toBeLessThan(width(1) / 4)

    // Programmatic zoom onto the spike: one step per bucket, the spike is the line itself.
    await page.evaluate((s) => window.__continuumCharts!.loss!.zoom(s - 200, s + 200), SPIKE_STEP)
    await expect.poll(async () => (await loss()).x.includes(SPIKE_STEP), WAIT).toBe(true)
    await settled()
    const near = await loss()
    const i = near.x.indexOf(SPIKE_STEP)
    expect(near.count[i]).toBe(1)
    expect(near.last[i]).toBeCloseTo(value(SPIKE_STEP), 9)
    await page.getByTestId('chart-loss').screenshot({ path: join(SHOTS, 'curves-zoomed-spike.png') })

    await over.dblclick({ position: { x: box.width / 2, y: box.height / 2 } })
    await expect.poll(async () => (await snapshot())?.xScale?.max ?? 0, WAIT).toBeGreaterThanOrEqual(STEPS)
    await settled()
    expect((await loss()).count.reduce((a, b) => a + b, 0)).toBe(STEPS)
  })

  it('zooms with the wheel around the cursor and pans by drag, re-querying each range; Shift-drag zooms to a range', async () => {
    const over = page.locator('[data-testid="plot-loss"] .u-over')
    const box = (await over.boundingBox())!
    const at = (fraction: number) => box.x + box.width * fraction
    const y = box.y + box.height / 2
    const scale = async () => (await snapshot())!.xScale!
    const widest = (l: Awaited<ReturnType<typeof loss>>, s: { min: number; max: number }) => Math.max(...inView(l, s).map((i) => l.toStep[i]! - l.fromStep[i]! + 1))
    await expect.poll(() => page.getByTestId('chart-hint').textContent()).toBe('Wheel or drag to zoom')

    // Three notches in, with the cursor a quarter of the way across: the step under it stays put.
    await page.mouse.move(at(0.25), y)
    const before = await scale()
    const under = before.min + (before.max - before.min) * 0.25
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -100)
    await settled()
    const wheeled = await scale()
    expect(wheeled.max - wheeled.min).toBeLessThan((before.max - before.min) * 0.7)
    // (to a pixel or two: the mouse sits on whole pixels)
    expect(Math.abs(wheeled.min + (wheeled.max - wheeled.min) * 0.25 - under)).toBeLessThan(((before.max - before.min) * 3) / box.width)
    await expect.poll(() => page.getByTestId('chart-hint').textContent()).toBe('Drag pans · double-click resets')
    const full = await loss()
    expect(widest(full, wheeled)).toBeLessThan((full.toStep[5]! - full.fromStep[5]! + 1) / 1.5)
    // The other charts of the run follow.
    expect((await snapshot('train/lr'))!.xScale).toEqual(wheeled)

    // A drag to the left by a fifth of the plot moves the range right by a fifth, then re-queries it.
    // The plot's edges are measured again now: the zoom changed the y-axis ticks, and with them
    // the width of the axis and where the plot starts.
    let edge = (await over.boundingBox())!
    const atNow = (fraction: number) => edge.x + edge.width * fraction
    await page.mouse.move(atNow(0.6), y)
    await page.mouse.down()
    await page.mouse.move(atNow(0.4), y, { steps: 8 })
    await page.mouse.up()
    await settled()
    const panned = await scale()
    expect(panned.max - panned.min).toBeCloseTo(wheeled.max - wheeled.min, 3)
    // By a fifth of the range, to within the 2 px the mouse's whole-pixel positions allow.
    const fifth = (wheeled.max - wheeled.min) * 0.2
    expect(Math.abs(panned.min - wheeled.min - fifth)).toBeLessThan((2 * (wheeled.max - wheeled.min)) / edge.width)
    const after = await loss()
    const shown = inView(after, panned)
    expect(after.fromStep[shown[0]! - 1]!).toBeLessThan(panned.min)
    expect(widest(after, panned)).toBeLessThan((full.toStep[5]! - full.fromStep[5]! + 1) / 1.5)

    // Shift-drag selects: the range between the two points.
    edge = (await over.boundingBox())!
    await page.keyboard.down('Shift')
    await page.mouse.move(atNow(0.3), y)
    await page.mouse.down()
    await page.mouse.move(atNow(0.5), y, { steps: 5 })
    await page.mouse.up()
    await page.keyboard.up('Shift')
    await settled()
    const selected = await scale()
    const px = (panned.max - panned.min) / edge.width
    // Within 2 px of the drag, measured against the plot's edges as they are now.
    expect(Math.abs(selected.min - (panned.min + (panned.max - panned.min) * 0.3))).toBeLessThan(2 * px)
    expect(Math.abs(selected.max - selected.min - (panned.max - panned.min) * 0.2)).toBeLessThan(2 * px)

    // Zooming out past everything shows everything again.
    for (let i = 0; i < 12; i++) await page.mouse.wheel(0, 200)
    await settled()
    expect(await scale()).toEqual(before)
    await expect.poll(() => page.getByTestId('chart-hint').textContent()).toBe('Wheel or drag to zoom')

    // While the page scrolls, the wheel over a chart scrolls on instead of zooming.
    await page.mouse.move(at(0.5), y)
    const top = await page.evaluate(() => {
      window.scrollBy(0, 40)
      return window.scrollY
    })
    await page.mouse.wheel(0, 100)
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(top)
    expect(await scale()).toEqual(before)
    await page.evaluate(() => window.scrollTo(0, 0))
  })

  it('switches the x axis to tokens seen', async () => {
    await page.getByTestId('x-axis').getByText('Tokens seen').click()
    await expect.poll(async () => (await snapshot())?.mode, WAIT).toBe('tokens')
    await settled()
    const line = await loss()
    // Every step has a point, so a bucket's last step is its toStep; tokens = step × 2,048.
    expect(line.x.length).toBeGreaterThan(500)
    line.x.forEach((x, i) => expect(x).toBe(line.toStep[i]! * TPS))
    expect(line.x.at(-1)).toBe(STEPS * TPS)
    const lr = (await snapshot('train/lr'))!
    expect(lr.mode).toBe('tokens')
    // Schedule markers follow the axis.
    expect((await snapshot())!.markers.find((m) => m.label === 'warm-up ends')?.x).toBeCloseTo(2_000 * TPS, -3)
    await page.getByTestId('x-axis').getByText('Step', { exact: true }).click()
    await expect.poll(async () => (await snapshot())?.mode, WAIT).toBe('step')
    await settled()
  })

  it('smooths with a debiased EMA over the drawn values, raw kept behind it', async () => {
    await page.getByRole('switch', { name: 'Smooth' }).check()
    await expect.poll(async () => (await snapshot())?.smoothing, WAIT).toBe(0.6)
    let line = await loss()
    let expected = ema(line.last, 0.6)
    expect(line.smoothed).toHaveLength(expected.length)
    line.smoothed!.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 10))
    // The first smoothed value is the first raw value: debiased, not pulled towards zero.
    expect(line.smoothed![0]).toBeCloseTo(line.last[0]!, 12)

    // Five steps of the slider to the right: α = 0.65.
    await page.getByRole('slider', { name: 'Smoothing weight' }).focus()
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight')
    await expect.poll(async () => (await snapshot())?.smoothing, WAIT).toBeCloseTo(0.65, 10)
    line = await loss()
    expected = ema(line.last, (await snapshot())!.smoothing!)
    line.smoothed!.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 10))
    await page.mouse.move(0, 0)
    await page.getByTestId('chart-loss').screenshot({ path: join(SHOTS, 'curves-smoothed.png') })
  })

  it('grows with appended points, without a reload', async () => {
    await page.evaluate(() => Object.assign(window, { __notReloaded: true }))
    const drawsBefore = (await snapshot())!.drawCount
    for (const [from, to] of [
      [STEPS + 1, STEPS + 2_500],
      [STEPS + 2_501, STEPS + 5_000],
    ] as const) {
      suite.wb.service.store.metrics.append(runId, lossPoints(from, to))
      suite.wb.service.events.publish({ type: 'metrics.appended', runId, keys: ['train/loss'], count: to - from + 1, lastStep: to })
    }
    await expect.poll(async () => (await loss()).pointCount, WAIT).toBe(STEPS + 5_000)
    await expect.poll(async () => (await loss()).x.at(-1), WAIT).toBe(STEPS + 5_000)
    const line = await loss()
    expect(line.count.reduce((a, b) => a + b, 0)).toBe(STEPS + 5_000)
    expect(line.last.at(-1)).toBeCloseTo(value(STEPS + 5_000), 9)
    // The spike is still in the band after the merge.
    expect(Math.max(...line.max)).toBeCloseTo(value(SPIKE_STEP), 9)
    expect((await snapshot())!.drawCount).toBeGreaterThan(drawsBefore)
    expect(await page.evaluate(() => (window as { __notReloaded?: boolean }).__notReloaded)).toBe(true)
  })

  it('exports the drawn buckets as CSV and JSON, the chart as PNG and SVG', async () => {
    const csv = await download('Loss', 'CSV')
    expect(csv.name).toBe('loss-step.csv')
    const text = csv.bytes.toString('utf8')
    expect(text.split('\n')[0]).toBe('run_id,run,key,segment,x_step,step,from_step,to_step,tokens,wall_time,last,min,max,count,smoothed')
    const rows = parseCsv(text)
    const line = await loss()
    const trainRows = rows.filter((r) => r.key === 'train/loss')
    expect(trainRows).toHaveLength(line.x.length)
    expect(rows.filter((r) => r.key === 'val/loss').length).toBe(100)
    expect(trainRows.reduce((a, r) => a + Number(r.count), 0)).toBe(STEPS + 5_000)
    const spikeRow = trainRows.find((r) => Number(r.from_step) <= SPIKE_STEP && SPIKE_STEP <= Number(r.to_step))!
    expect(Number(spikeRow.max)).toBeCloseTo(value(SPIKE_STEP), 9)
    for (const r of trainRows.slice(0, 50)) {
      expect(Number(r.tokens)).toBe(Number(r.step) * TPS)
      expect(r.wall_time).toBe(new Date(T0 + Number(r.step) * 100).toISOString())
      expect(Number(r.last)).toBeCloseTo(value(Number(r.step)), 9)
      expect(Number(r.min)).toBeLessThanOrEqual(Number(r.last))
      expect(Number(r.max)).toBeGreaterThanOrEqual(Number(r.last))
      expect(r.run).toBe('spiky-pretrain')
    }
    const last = trainRows.at(-1)!
    expect(Number(last.step)).toBe(STEPS + 5_000)
    expect(Number(last.smoothed)).toBeCloseTo(line.smoothed!.at(-1)!, 9)

    const json = JSON.parse((await download('Loss', 'JSON')).bytes.toString('utf8')) as { series: { key: string; buckets: { max: number; count: number }[] }[] }
    const train = json.series.find((s) => s.key === 'train/loss')!
    expect(train.buckets.reduce((a, b) => a + b.count, 0)).toBe(STEPS + 5_000)
    expect(Math.max(...train.buckets.map((b) => b.max))).toBeCloseTo(value(SPIKE_STEP), 9)

    const png = await download('Loss', 'PNG')
    expect(png.name).toBe('loss-step.png')
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(png.bytes.length).toBeGreaterThan(10_000)
    const svg = (await download('Loss', 'SVG')).bytes.toString('utf8')
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('<polyline')
    expect(svg).toContain('<polygon')
    expect(svg).toContain('train/loss')
    expect(svg).toContain('warm-up ends')
  })

  it('keeps a zoom while new points arrive, and a view reaching the end of the data grows with them', async () => {
    const end = STEPS + 5_000
    await page.evaluate((e) => window.__continuumCharts!.loss!.zoom(e - 2_000, e + 1_000), end)
    await settled()
    const zoom = (await snapshot())!.xScale!
    suite.wb.service.store.metrics.append(runId, lossPoints(end + 1, end + 500))
    suite.wb.service.events.publish({ type: 'metrics.appended', runId, keys: ['train/loss'], count: 500, lastStep: end + 500 })
    await expect.poll(async () => (await loss()).x.at(-1), WAIT).toBe(end + 500)
    await settled()
    expect((await snapshot())!.xScale).toEqual(zoom)
    // Fetched again for the zoomed range: fine buckets up to the new last step.
    const line = await loss()
    const shown = inView(line, zoom)
    expect(line.toStep[shown.at(-1)!]).toBe(end + 500)
    for (const i of shown) expect(line.toStep[i]! - line.fromStep[i]! + 1).toBeLessThanOrEqual(8)
    await page.getByTestId('reset-zoom').click()
    await settled()
  })

  it('joins a fine-tune to its parent at the branch step', async () => {
    await page.evaluate((id) => (window.location.hash = `#/runs/${id}`), childId)
    await page.locator('[data-testid="chart-loss"][data-loaded="true"]').waitFor(WAIT)
    await settled()
    let s = (await snapshot())!
    expect(s.lines.map((l) => l.label)).toEqual(['train/loss'])
    // On the model's step axis the child continues from the branch step.
    expect(s.lines[0]!.x[0]).toBeGreaterThan(BRANCH_STEP)
    expect(s.lines[0]!.x.at(-1)).toBe(BRANCH_STEP + 5_000)
    expect(s.markers.find((m) => m.kind === 'branch')?.x).toBe(BRANCH_STEP)

    await page.getByRole('switch', { name: 'Join parent curves' }).check()
    await expect.poll(async () => (await snapshot())?.lines.length, WAIT).toBe(3)
    await settled()
    s = (await snapshot())!
    const parent = s.lines.find((l) => l.ancestor && l.key === 'train/loss')!
    const child = s.lines.find((l) => !l.ancestor && l.key === 'train/loss')!
    expect(parent.runId).toBe(runId)
    expect(parent.x.at(-1)).toBe(BRANCH_STEP)
    expect(parent.count.reduce((a, b) => a + b, 0)).toBe(BRANCH_STEP)
    expect(Math.max(...parent.max)).toBeCloseTo(value(SPIKE_STEP), 9)
    expect(child.x[0]).toBeGreaterThan(BRANCH_STEP)

    await page.getByTestId('x-axis').getByText('Steps since branch').click()
    await expect.poll(async () => (await snapshot())?.mode, WAIT).toBe('branch')
    await settled()
    s = (await snapshot())!
    expect(s.lines.find((l) => l.ancestor && l.key === 'train/loss')!.x.at(-1)).toBe(0)
    expect(s.lines.find((l) => !l.ancestor)!.x.at(-1)).toBe(5_000)
    await page.mouse.move(0, 0)
    await page.screenshot({ path: join(SHOTS, 'curves-finetune-joined-light.png'), fullPage: true })
    await setScheme(page, 'Dark')
    await page.screenshot({ path: join(SHOTS, 'curves-finetune-joined-dark.png'), fullPage: true })
    await page.evaluate((id) => (window.location.hash = `#/runs/${id}`), runId)
    await page.locator('[data-testid="chart-loss"][data-loaded="true"]').waitFor(WAIT)
    await settled()
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(SHOTS, 'curves-dark.png'), fullPage: true })
    await setScheme(page, 'Light')
  })

  it('compares runs on one axis and lists only the config keys that differ', async () => {
    await page.evaluate(([a, b, c]) => (window.location.hash = `#/compare?runs=${a},${b},${c}&key=train/loss`), [runId, twinId, childId])
    await page.locator('[data-testid="chart-compare"][data-loaded="true"]').waitFor(WAIT)
    await settled('compare')
    const s = (await snapshot('compare'))!
    expect(s.lines.map((l) => l.label)).toEqual([`spiky-pretrain #${runId}`, `spiky-twin #${twinId}`, `ft-child #${childId}`])
    const [spiky, twin, child] = s.lines
    expect(spiky!.pointCount).toBe(STEPS + 5_500)
    expect(twin!.pointCount).toBe(20_000)
    expect(Math.max(...spiky!.max)).toBeCloseTo(value(SPIKE_STEP), 9)
    // The fine-tune sits after its branch point on the model's step axis.
    expect(child!.x[0]).toBeGreaterThan(BRANCH_STEP)

    const keys = await page.locator('[data-testid="config-diff"] tr[data-config-key]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-config-key')))
    // spiky and twin differ in peak and seed; the child has no schedule and is a fine-tune.
    expect(keys).toEqual(['kind', 'lr.floor', 'lr.kind', 'lr.peak', 'lr.total', 'lr.warmup', 'parentCheckpointId', 'seed'])
    expect(await page.locator('tr[data-config-key="lr.peak"]').textContent()).toBe('lr.peak0.00060.0003—')

    // Two runs of one config: only what differs is listed, the rest counted.
    await page.getByTestId('compare-runs').click()
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Escape')
    await expect.poll(async () => (await snapshot('compare'))?.lines.length, WAIT).toBe(2)
    const twoKeys = await page.locator('[data-testid="config-diff"] tr[data-config-key]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-config-key')))
    expect(twoKeys).toEqual(['lr.peak', 'seed'])
    expect(await page.getByTestId('chart-compare').locator('..').locator('..').textContent()).toContain('6 identical keys hidden')
    expect(page.url()).toContain(`#/compare?runs=${runId},${twinId}&key=train/loss`)

    await page.getByTestId('x-axis').getByText('Tokens seen').click()
    await expect.poll(async () => (await snapshot('compare'))?.mode, WAIT).toBe('tokens')
    await settled('compare')
    const tokens = (await snapshot('compare'))!.lines[1]!
    tokens.x.forEach((x, i) => expect(x).toBe(tokens.toStep[i]! * TPS))
    await page.mouse.move(0, 0)
    await page.screenshot({ path: join(SHOTS, 'compare-light.png'), fullPage: true })
    await setScheme(page, 'Dark')
    await page.screenshot({ path: join(SHOTS, 'compare-dark.png'), fullPage: true })
    await setScheme(page, 'Light')
    expect(suite.wb.pageErrors).toEqual([])
  })
})
