/**
 * Forgetting heatmaps in Chromium on a store seeded with known scores: every metric's cell
 * values (computed here from the seeded numbers), the diverging scale centred on zero, a cell
 * not yet evaluated, a cell filling live on `evaluation.created`, click-through to the
 * checkpoint, CSV export, and the Compare additions. Screenshots in light and dark.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import type {} from '../../renderer/src/heatmaps/heatmap-hook'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openService, type Service } from '../../electron/core/service'
import { findChromium, openWorkbench, setScheme, workbenchSuite } from './browser'
import type { Heatmap } from '../../renderer/src/heatmaps/heatmap-model'
import { seededPlan } from '../helpers/plan'

const chromiumPath = findChromium()
const SHOTS = join(__dirname, 'screenshots')
const WAIT = { timeout: 15_000 }
const SHA = 'a'.repeat(64)

/** Base scores of the pre-training checkpoints (steps 1k–4k) and of their fine-tunes on nli. */
const BASE = { nli: [0.34, 0.33, 0.35, 0.34], facts: [0.4, 0.5, 0.6, 0.7] }
const FT: { from: number; replay: number; nli: number; facts: number | null }[] = [
  { from: 2000, replay: 0, nli: 0.7, facts: 0.3 },
  { from: 2000, replay: 0.25, nli: 0.66, facts: 0.45 },
  { from: 4000, replay: 0, nli: 0.8, facts: 0.35 },
  { from: 4000, replay: 0.25, nli: 0.78, facts: null },
]
const LIVE_FACTS = 0.63

function seedStudy(service: Service) {
  const { store } = service
  const experiment = store.experiments.create({ name: 'forgetting-study', description: 'nli fine-tunes of four checkpoints, replay 0 and 25%', schedule: null })
  const pre = store.runs.create({ experimentId: experiment.id, name: 'pretrain', kind: 'pretrain', config: {}, plan: seededPlan({ key: 'pretrain', kind: 'pretrain' }), parentCheckpointId: null, seed: 1, tags: [], notes: '' })
  const record = (checkpointId: number, task: string, value: number, truncated?: number) =>
    store.evaluations.record({ checkpointId, task, split: 'test', promptFormat: 'default', shots: 4, metric: 'accuracy', value, ciLow: value - 0.05, ciHigh: value + 0.05, n: 200, truncated })
  const base = [1000, 2000, 3000, 4000].map((step, i) => {
    const c = store.checkpoints.create({ runId: pre.id, step, tokens: step * 4096, path: join(service.dataDir, 'checkpoints', `p-${step}`), bytes: 1_000_000, sha256: SHA })
    record(c.id, 'nli', BASE.nli[i]!)
    record(c.id, 'facts', BASE.facts[i]!)
    // A second prompt format for the format view.
    store.evaluations.record({ checkpointId: c.id, task: 'nli', split: 'test', promptFormat: 'instruct', shots: 4, metric: 'accuracy', value: BASE.nli[i]! + 0.04, ciLow: null, ciHigh: null, n: 200 })
    return c
  })
  store.runs.setStatus(pre.id, 'completed')
  const fts = FT.map((f) => {
    const parent = base[f.from / 1000 - 1]!
    const run = store.runs.create({
      experimentId: experiment.id,
      name: `nli-from-${f.from / 1000}k-r${f.replay * 100}`,
      kind: 'finetune',
      config: {},
      plan: seededPlan({ key: `ft-${f.from}-${f.replay}`, kind: 'finetune', task: 'nli', replay: f.replay, init: { from: 'job', job: 'pretrain', step: f.from } }),
      parentCheckpointId: parent.id,
      seed: 1,
      tags: [],
      notes: '',
    })
    const c = store.checkpoints.create({ runId: run.id, step: 100, tokens: 100 * 4096, path: join(service.dataDir, 'checkpoints', `ft-${run.id}`), bytes: 1_000_000, sha256: SHA })
    record(c.id, 'nli', f.nli)
    // 7 of the fine-tunes' 200 facts prompts longer than the context, which the export carries.
    if (f.facts !== null) record(c.id, 'facts', f.facts, 7)
    store.runs.setStatus(run.id, 'completed')
    return { ...f, run, checkpoint: c, base: parent }
  })
  return { experiment, base, fts, record }
}

describe.skipIf(chromiumPath === null)('forgetting heatmaps in Chromium', () => {
  let page: Page
  let seeded: ReturnType<typeof seedStudy>

  const snapshot = (id = 'forgetting') => page.evaluate((id) => window.__continuumHeatmaps?.[id]?.snapshot().heatmap ?? null, id) as Promise<Heatmap | null>
  const cell = async (checkpointId: number, task: string) => {
    const h = await snapshot()
    return h?.cells.find((c) => c.checkpointId === checkpointId && c.task === task) ?? null
  }
  const setMetric = async (label: string) => {
    await page.getByTestId('metric').getByText(label, { exact: true }).click()
  }
  const shoot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })

  const suite = workbenchSuite('continuum-e2e-heatmaps-', async (dir) => {
    mkdirSync(SHOTS, { recursive: true })
    const service = openService(dir, { autoStart: false })
    seeded = seedStudy(service)
    const wb = await openWorkbench(chromiumPath!, service, { viewport: { width: 1440, height: 900 } })
    page = wb.page
    return wb
  }, 60_000)

  it('draws scores with a sequential scale, rows by step then from-step and replay', async () => {
    await page.evaluate((id) => (window.location.hash = `#/forgetting/${id}`), seeded.experiment.id)
    await expect.poll(async () => (await snapshot())?.rows.length ?? 0, WAIT).toBe(8)
    const h = (await snapshot())!
    expect(h.columns).toEqual(['facts', 'nli'])
    expect(h.rows.map((r) => r.checkpointId)).toEqual([...seeded.base.map((c) => c.id), ...seeded.fts.map((f) => f.checkpoint.id)])
    expect(h.scale.kind).toBe('sequential')
    expect((await cell(seeded.base[2]!.id, 'facts'))!.value).toBeCloseTo(0.6, 12)
    const ft = (await cell(seeded.fts[0]!.checkpoint.id, 'nli'))!
    expect([ft.value, ft.ciLow, ft.ciHigh, ft.n]).toEqual([0.7, 0.7 - 0.05, 0.7 + 0.05, 200])
    expect(await page.getByTestId('heatmap-scale').getAttribute('data-kind')).toBe('sequential')
    await shoot('heatmap-score-light')
  })

  it('shows fine-tuned − base on a diverging scale centred on zero', async () => {
    await setMetric('Fine-tuned − base')
    await expect.poll(async () => (await snapshot())?.metric, WAIT).toBe('gain')
    const h = (await snapshot())!
    expect(h.rows).toHaveLength(4)
    expect(h.scale.kind).toBe('diverging')
    expect(h.scale.center).toBe(0)
    expect(h.scale.min).toBe(-h.scale.max)
    const scale = page.getByTestId('heatmap-scale')
    expect(await scale.getAttribute('data-center')).toBe('0')
    expect(Number(await scale.getAttribute('data-min'))).toBe(-Number(await scale.getAttribute('data-max')))
    for (const f of seeded.fts) {
      const base = BASE.nli[f.from / 1000 - 1]!
      expect((await cell(f.checkpoint.id, 'nli'))!.value).toBeCloseTo(f.nli - base, 12)
    }
    // The largest |change| fits inside the scale.
    expect(Math.max(...h.cells.filter((c) => c.value !== null).map((c) => Math.abs(c.value!)))).toBeLessThanOrEqual(h.scale.max)
  })

  it('shows the ratio of change and forgetting, as computed from the seeded scores', async () => {
    await setMetric('Ratio of change')
    await expect.poll(async () => (await snapshot())?.metric, WAIT).toBe('ratio')
    for (const f of seeded.fts.filter((x) => x.facts !== null)) {
      const base = BASE.facts[f.from / 1000 - 1]!
      expect((await cell(f.checkpoint.id, 'facts'))!.value).toBeCloseTo((f.facts! - base) / base, 12)
    }
    await setMetric('Forgetting')
    await expect.poll(async () => (await snapshot())?.metric, WAIT).toBe('forgetting')
    const f0 = seeded.fts[0]!
    expect((await cell(f0.checkpoint.id, 'facts'))!.value).toBeCloseTo(0.5 - 0.3, 12)
    expect((await cell(f0.checkpoint.id, 'nli'))!.value).toBeCloseTo(0.33 - 0.7, 12)
    await setMetric('Ratio of change')
    await expect.poll(async () => (await snapshot())?.metric, WAIT).toBe('ratio')
  })

  it('draws a cell not yet evaluated as such, and fills it live', async () => {
    const f3 = seeded.fts[3]!
    const missing = (await cell(f3.checkpoint.id, 'facts'))!
    expect(missing.evaluated).toBe(false)
    expect(missing.value).toBeNull()
    const at = await page.evaluate(([r, c]) => window.__continuumHeatmaps!.forgetting!.cellCenter(r!, c!), [missing.row, missing.col])
    await page.mouse.move(at!.x, at!.y)
    await expect.poll(() => page.locator('.heatmap-tooltip').last().textContent(), WAIT).toContain('not evaluated')
    await shoot('heatmap-ratio-light')

    const evaluation = seeded.record(f3.checkpoint.id, 'facts', LIVE_FACTS)
    suite.wb.service.events.publish({ type: 'evaluation.created', evaluation })
    await expect.poll(async () => (await cell(f3.checkpoint.id, 'facts'))?.evaluated, WAIT).toBe(true)
    expect((await cell(f3.checkpoint.id, 'facts'))!.value).toBeCloseTo((LIVE_FACTS - 0.7) / 0.7, 12)
    await page.mouse.move(at!.x, at!.y + 1)
    await expect.poll(() => page.locator('.heatmap-tooltip').last().textContent(), WAIT).toContain('95% interval [0.580, 0.680]')
    expect(await page.locator('.heatmap-tooltip').last().textContent()).toContain('n = 200')
  })

  it('exports the cells as CSV', async () => {
    await page.getByTestId('export-forgetting').click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'CSV' }).click()])
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n')
    expect(csv[0]).toBe('checkpoint_id,row,run_id,run,step,from_step,replay,trained_task,task,metric,value,score,base,ci_low,ci_high,n,truncated,context,evaluated')
    expect(csv).toHaveLength(1 + 4 * 2)
    const f0 = seeded.fts[0]!
    const line = csv.find((l) => l.startsWith(`${f0.checkpoint.id},`) && l.includes(',facts,ratio,'))!
    const cells = line.split(',')
    expect(Number(cells[10])).toBeCloseTo((0.3 - 0.5) / 0.5, 12)
    // truncated 7; the context is empty: this seeded experiment has no schedule to read it from.
    expect(cells.slice(11)).toEqual(['0.3', '0.5', String(0.3 - 0.05), String(0.3 + 0.05), '200', '7', '', 'true'])
  })

  it('shows the prompt-format view and the accuracy matrix empty state', async () => {
    await page.getByRole('tab', { name: 'Prompt formats' }).click()
    await page.getByTestId('format-task').click()
    await page.getByRole('option', { name: 'nli' }).click()
    const row = page.locator(`[data-testid="format-table"] tr[data-checkpoint-id="${seeded.base[0]!.id}"]`)
    await row.waitFor(WAIT)
    const text = await row.textContent()
    expect(text).toContain('0.340')
    expect(text).toContain('0.380')
    // Spread across the two formats evaluated: 0.38 − 0.34.
    expect(text).toContain('0.040')
    await shoot('heatmap-formats-light')
    await page.getByRole('tab', { name: 'Accuracy matrix' }).click()
    await page.getByText('No sequential fine-tuning in this experiment').waitFor(WAIT)
    await page.getByRole('tab', { name: 'Heatmap' }).click()
  })

  it('opens the checkpoint of a clicked cell', async () => {
    await expect.poll(async () => (await snapshot())?.rows.length ?? 0, WAIT).toBe(4)
    const target = (await cell(seeded.fts[1]!.checkpoint.id, 'nli'))!
    await setScheme(page, 'Dark')
    await shoot('heatmap-ratio-dark')
    const at = await page.evaluate(([r, c]) => window.__continuumHeatmaps!.forgetting!.cellCenter(r!, c!), [target.row, target.col])
    await page.mouse.click(at!.x, at!.y)
    await expect.poll(() => page.evaluate(() => window.location.hash), WAIT).toBe(`#/checkpoints/${seeded.fts[1]!.checkpoint.id}`)
    await page.getByTestId('checkpoint-detail').waitFor(WAIT)
    expect(await page.getByTestId('evaluations-table').textContent()).toContain('0.660')
    await shoot('checkpoint-from-heatmap-dark')
    await setScheme(page, 'Light')
  })

  it('compares two replay ratios and plots the trade-off', async () => {
    await page.evaluate(() => (window.location.hash = '#/compare'))
    await expect.poll(async () => (await snapshot('difference'))?.rows.length ?? 0, WAIT).toBe(2)
    const d = (await snapshot('difference'))!
    // Replay 25% minus replay 0, fine-tuned − base, on nli from step 2k: 0.66 − 0.70.
    const c = d.cells.find((x) => x.task === 'nli' && d.rows[x.row]!.fromStep === 2000)!
    expect(c.value).toBeCloseTo(0.66 - 0.7, 12)
    expect(d.scale.min).toBe(-d.scale.max)
    const points = (await page.evaluate(() => window.__continuumHeatmaps?.tradeoff?.snapshot().points)) as { checkpointId: number; x: number; y: number; replay: number }[]
    expect(points).toHaveLength(4)
    const p0 = points.find((p) => p.checkpointId === seeded.fts[0]!.checkpoint.id)!
    expect(p0.x).toBeCloseTo(0.7 - 0.33, 12)
    expect(p0.y).toBeCloseTo(0.3 - 0.5, 12)
    await page.getByTestId('tradeoff').scrollIntoViewIfNeeded()
    await shoot('compare-forgetting-light')
    await setScheme(page, 'Dark')
    await shoot('compare-forgetting-dark')
    await setScheme(page, 'Light')
    expect(suite.wb.pageErrors).toEqual([])
  })
})
