/**
 * The rest of issue 12, checked in Chromium through the host on a seeded store: the schedule
 * editor's derived fields follow their length until edited, warn when the LR schedule does not
 * fit, and say when a template's description no longer matches its tasks; pause, resume and
 * cancel on the run's own page; the Runs page fits 1024 px with a sticky header, a compact
 * density, names truncated in the middle, a loss for every row and status badges in full;
 * heatmap rows grouped by checkpoint; the prompt-format view opens on an informative task;
 * the evaluations CSV says "in-domain"; install hints render code; an error toast leaves
 * with its page.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { MetricPoint } from '../../shared'
import type {} from '../../renderer/src/heatmaps/heatmap-hook'
import { seededPlan } from '../helpers/plan'
import { findChromium, openWorkbench, type Workbench, workbenchSuite } from './browser'

const chromiumPath = findChromium()
const WAIT = { timeout: 15_000 }
const SHA = 'c'.repeat(64)
const T0 = Date.UTC(2026, 10, 3, 9, 0, 0)
/** Enough fine-tunes that most rows start below the fold at 900 px. */
const FINETUNES = 36
const REPLAYS = [0, 0.05, 0.25]
const point = (key: string, step: number, value: number): MetricPoint => ({ key, step, tokens: step * 512, wallTime: T0 + step * 50, value })

function seed(wb: Workbench) {
  const { store } = wb.service
  const experiment = store.experiments.create({ name: 'density-study', description: 'seeded for the editor and density suite', schedule: null })
  const pre = store.runs.create({ experimentId: experiment.id, name: 'pretrain · seed 0', kind: 'pretrain', config: {}, plan: seededPlan({ key: 'pretrain', kind: 'pretrain' }), parentCheckpointId: null, seed: 0, tags: ['pretrain'], notes: '' })
  store.metrics.append(pre.id, Array.from({ length: 400 }, (_, s) => point('train/loss', s, 3 - s / 200)))
  store.runs.setStatus(pre.id, 'running', { backend: 'cpu' })
  const base = store.checkpoints.create({ runId: pre.id, step: 400, tokens: 400 * 512, path: join(wb.service.dataDir, 'checkpoints', 'pre'), bytes: 1_000, sha256: SHA })
  store.runs.setStatus(pre.id, 'completed')
  const record = (checkpointId: number, task: string, promptFormat: 'default' | 'instruct', value: number) =>
    store.evaluations.record({ checkpointId, task, split: 'test', promptFormat, shots: 0, metric: 'accuracy', value, ciLow: Math.max(0, value - 0.05), ciHigh: value + 0.05, n: 50 })
  // "arithmetic" comes first alphabetically and is all zeros; "qa" has scores to compare.
  for (const f of ['default', 'instruct'] as const) record(base.id, 'arithmetic', f, 0)
  record(base.id, 'qa', 'default', 0.1)
  record(base.id, 'qa', 'instruct', 0.05)

  const finetunes = Array.from({ length: FINETUNES }, (_, i) => {
    const replay = REPLAYS[i % REPLAYS.length]!
    const seedNo = Math.floor(i / REPLAYS.length)
    const run = store.runs.create({
      experimentId: experiment.id,
      name: `qa from step 400 · replay ${replay * 100}% · seed ${seedNo}`,
      kind: 'finetune',
      config: {},
      plan: seededPlan({ key: `ft-${i}`, kind: 'finetune', task: 'qa', replay, seed: seedNo, init: { from: 'job', job: 'pretrain', step: 400 } }),
      parentCheckpointId: base.id,
      seed: seedNo,
      tags: ['finetune', 'qa', `replay-${replay * 100}%`, 'from-400'],
      notes: '',
    })
    store.metrics.append(run.id, Array.from({ length: 40 }, (_, s) => point('train/loss', s, 2 - s / 40 + i / 1000)))
    store.runs.setStatus(run.id, 'running', { backend: 'cpu' })
    const c = store.checkpoints.create({ runId: run.id, step: 40, tokens: 40 * 512, path: join(wb.service.dataDir, 'checkpoints', `ft-${run.id}`), bytes: 1_000, sha256: SHA })
    store.runs.setStatus(run.id, 'completed')
    for (const f of ['default', 'instruct'] as const) record(c.id, 'arithmetic', f, 0)
    record(c.id, 'qa', 'default', 0.5 + replay)
    record(c.id, 'qa', 'instruct', 0.4 + replay)
    return { run, checkpoint: c }
  })
  // A paused run with its job, for the run page's own buttons; the run's status is its job's, moved at once, so the runner never sees it queued.
  const paused = store.runs.create({ experimentId: experiment.id, name: 'nli from step 400 · replay 0% · seed 0', kind: 'finetune', config: {}, plan: seededPlan({ key: 'paused', kind: 'finetune', task: 'nli', replay: 0 }), parentCheckpointId: base.id, seed: 0, tags: [], notes: '' })
  const job = store.jobs.create(paused.id, [])
  store.lifecycle.transition(job.id, 'paused')
  // The longest status word, for the badge check.
  const interrupted = store.runs.create({ experimentId: experiment.id, name: 'interrupted one', kind: 'finetune', config: {}, parentCheckpointId: base.id, seed: 0, tags: [], notes: '' })
  store.runs.setStatus(interrupted.id, 'interrupted')
  return { experiment, pre, base, finetunes, paused }
}

describe.skipIf(chromiumPath === null)('the editor and the dense views', () => {
  let page: Page
  let seeded: ReturnType<typeof seed>

  const go = (hash: string) => page.evaluate((h) => (window.location.hash = h), hash)
  const field = (path: string) => page.locator(`input[data-path="${path}"]`)
  const setNumber = async (path: string, value: number) => {
    await field(path).fill(String(value))
    await field(path).blur()
  }
  const value = (path: string) => field(path).inputValue()

  const suite = workbenchSuite('continuum-e2e-density-', async (dir) => {
    const wb = await openWorkbench(chromiumPath!, dir)
    page = wb.page
    seeded = seed(wb)
    return wb
  }, 60_000)

  it('fits the Runs page at 1024 px, loss and tags and actions in view, a loss for rows below the fold', async () => {
    await page.setViewportSize({ width: 1024, height: 900 })
    await go('#/runs')
    const table = page.getByTestId('runs-table')
    await table.locator(`tr[data-run-id="${seeded.pre.id}"]`).waitFor(WAIT)
    const scroller = table.locator('xpath=..')
    const fit = await scroller.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }))
    expect(fit.scroll).toBeLessThanOrEqual(fit.client)
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0)
    for (const name of ['Loss', 'Tags']) {
      const box = (await table.getByRole('columnheader', { name, exact: true }).boundingBox())!
      expect(box.x + box.width).toBeLessThanOrEqual(fit.right + 0.5)
    }
    const cancel = (await page.getByRole('button', { name: `Cancel ${seeded.paused.name}` }).boundingBox())!
    expect(cancel.x + cancel.width).toBeLessThanOrEqual(fit.right)
    // The first fine-tune (oldest) is the last row, far below the fold: its loss is there without scrolling.
    const last = table.locator(`tr[data-run-id="${seeded.finetunes[0]!.run.id}"] [data-col="loss"]`)
    await expect.poll(() => last.getAttribute('data-loaded'), WAIT).toBe('yes')
    // Run 0 logs 2 − s/40 for s = 0…39: final and best 2 − 39/40 = 1.025.
    expect(await last.textContent()).toBe('1.025best 1.025')
    expect((await last.boundingBox())!.y).toBeGreaterThan(900)
  })

  it('shows a name whole on two lines, and in compact rows cuts it in the middle, keeping its end, with the full name on hover', async () => {
    const run = seeded.finetunes[FINETUNES - 1]!.run
    const link = page.locator(`tr[data-run-id="${run.id}"]`).getByRole('link', { name: run.name, exact: true })
    expect(await link.evaluate((el) => el.scrollHeight <= el.clientHeight + 1 && el.getBoundingClientRect().height > 30)).toBe(true)
    await page.getByTestId('row-density').getByText('Compact').click()
    const name = page.locator(`tr[data-run-id="${run.id}"] [data-testid="middle-truncate"]`)
    expect(await name.getAttribute('title')).toBe(run.name)
    const [head, tail] = await name.locator('span[aria-hidden]').all()
    const widths = async (el: typeof head) => el!.evaluate((e) => `${e.scrollWidth}/${e.clientWidth}`)
    const [hw, tw] = [await widths(head), await widths(tail)]
    expect(await head!.evaluate((el) => el.scrollWidth > el.clientWidth), `head ${hw}, tail ${tw}`).toBe(true)
    // The tail, which tells the seeds apart, is shown whole.
    expect(await tail!.evaluate((el) => el.scrollWidth <= el.clientWidth), `head ${hw}, tail ${tw}`).toBe(true)
    expect(await tail!.textContent()).toMatch(/seed 11$/)
    // Read as one name by a screen reader.
    expect(await page.locator(`tr[data-run-id="${run.id}"]`).getByRole('link', { name: run.name, exact: true }).count()).toBe(1)
    await page.getByTestId('row-density').getByText('Comfortable').click()
  })

  it('keeps the header in view while the table scrolls, and packs more rows when compact', async () => {
    const table = page.getByTestId('runs-table')
    const scroller = table.locator('xpath=..')
    const top = (await scroller.boundingBox())!.y
    await scroller.evaluate((el) => el.scrollBy(0, 800))
    await expect.poll(async () => Math.abs((await table.locator('thead').boundingBox())!.y - top), WAIT).toBeLessThan(1.5)
    const rowHeight = () => table.locator(`tr[data-run-id="${seeded.finetunes[5]!.run.id}"]`).evaluate((el) => el.getBoundingClientRect().height)
    const comfortable = await rowHeight()
    await page.getByTestId('row-density').getByText('Compact').click()
    await expect.poll(rowHeight, WAIT).toBeLessThan(comfortable * 0.75)
    await page.reload()
    await table.locator(`tr[data-run-id="${seeded.pre.id}"]`).waitFor(WAIT)
    expect(await rowHeight()).toBeLessThan(comfortable * 0.75)
    await page.getByTestId('row-density').getByText('Comfortable').click()
  })

  it('shows every status badge in full at 1440 px', async () => {
    await page.setViewportSize({ width: 1440, height: 900 })
    const badges = page.locator('[data-testid="runs-table"] [data-status]')
    await expect.poll(() => badges.count(), WAIT).toBe(FINETUNES + 3)
    const cut = await badges.evaluateAll((els) => els.filter((el) => [el, ...Array.from(el.querySelectorAll('*'))].some((e) => e.scrollWidth > e.clientWidth + 0.5)).map((el) => el.textContent))
    expect(cut).toEqual([])
    expect(await page.locator('[data-testid="runs-table"] [data-status="interrupted"]').textContent()).toBe('interrupted')
  })

  it('pauses, resumes and cancels from the run’s own page', async () => {
    await go(`#/runs/${seeded.paused.id}`)
    const actions = page.getByTestId('run-page-actions')
    await actions.getByRole('button', { name: 'Resume' }).waitFor(WAIT)
    expect(await actions.getByRole('button', { name: 'Pause' }).count()).toBe(0)
    await actions.getByRole('button', { name: 'Cancel' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel run' }).click()
    await expect.poll(() => page.locator('h2 [data-status]').getAttribute('data-status'), WAIT).toBe('cancelled')
    expect(suite.wb.service.store.runs.get(seeded.paused.id).status).toBe('cancelled')
    // A cancelled run can be resumed, and no longer cancelled.
    expect(await actions.getByRole('button', { name: 'Cancel' }).count()).toBe(0)
    expect(await actions.getByRole('button', { name: 'Resume' }).count()).toBe(1)
  })

  it('makes derived fields follow their length until edited, and warns when the LR schedule does not fit', async () => {
    await go('#/experiments/new')
    await page.getByRole('radio', { name: 'tiny' }).check({ force: true })
    await page.getByRole('button', { name: 'Study template' }).click()
    await expect.poll(() => value('name'), WAIT).toContain('tiny')
    // The template: 200 steps, warm-up 5, decay to 200, checkpoints 50, 100, 200; fine-tunes branch from 200 (and 100).
    expect(await value('pretrain.lr.total')).toBe('200')
    expect(await field('pretrain.lr.total').getAttribute('data-follows')).toBe('yes')
    await setNumber('pretrain.length.steps', 60)
    await expect.poll(() => value('pretrain.lr.total'), WAIT).toBe('60')
    expect(await value('pretrain.lr.warmup')).toBe('2') // 5/200 of 60 = 1.5
    expect(await value('pretrain.checkpoints.steps')).toBe('15, 30, 60')
    expect(await page.getByTestId('lr-fit-warning').count()).toBe(0)
    // The user's own warm-up stays theirs; the decay end still follows.
    await setNumber('pretrain.lr.warmup', 7)
    expect(await field('pretrain.lr.warmup').getAttribute('data-follows')).toBeNull()
    await setNumber('pretrain.length.steps', 100)
    await expect.poll(() => value('pretrain.lr.total'), WAIT).toBe('100')
    expect(await value('pretrain.lr.warmup')).toBe('7')
    // The branch points moved with the checkpoints: the schedule is still valid.
    await page.locator('[data-testid="dry-run"][data-pending="false"]').waitFor(WAIT)
    expect(await page.getByTestId('preview-error').count()).toBe(0)
    // A decay end the user sets past the run's end: said, with where the rate ends.
    await setNumber('pretrain.lr.total', 400)
    const warning = page.locator('[data-testid="lr-fit-warning"][data-path="pretrain.lr"]')
    await warning.waitFor(WAIT)
    expect(await warning.textContent()).toContain('Decays to step 400, but the phase has 100 steps')
    await setNumber('pretrain.lr.total', 100)
    await expect.poll(() => warning.count(), WAIT).toBe(0)
  })

  it('has a description field, and says when the template’s description no longer fits its tasks', async () => {
    const description = page.locator('textarea[data-path="description"]')
    expect(await description.inputValue()).toContain('Pre-train a small GPT')
    expect(await page.getByTestId('description-stale').count()).toBe(0)
    const tasks = page.locator('[data-branch-index="0"] input[data-path="branches[0].tasks"]')
    await tasks.click()
    await page.keyboard.press('Backspace')
    await tasks.fill('facts')
    await page.keyboard.press('Enter')
    await page.getByTestId('description-stale').waitFor(WAIT)
    await description.fill('Fine-tune facts instead of qa.')
    await expect.poll(() => page.getByTestId('description-stale').count(), WAIT).toBe(0)
  })

  it('groups heatmap rows by checkpoint, each sub-label saying the replay once', async () => {
    await go(`#/forgetting/${seeded.experiment.id}`)
    await expect.poll(async () => (await page.evaluate(() => window.__continuumHeatmaps?.forgetting?.snapshot().heatmap?.rows.length)) ?? 0, WAIT).toBe(FINETUNES + 1)
    const rows = (await page.evaluate(() => window.__continuumHeatmaps!.forgetting!.snapshot().heatmap!.rows))!
    expect(rows[0]!.group).toBe('pre-training')
    expect(rows[0]!.sub).toBe('step 400')
    const tuned = rows.slice(1)
    expect(new Set(tuned.map((r) => r.group))).toEqual(new Set(['from step 400']))
    // Task, replay, and the seed (12 seeds in the group); no step (one checkpoint a run).
    expect(tuned[0]!.sub).toBe('qa · replay 0% · seed 0')
    for (const r of tuned) {
      expect(r.sub.match(/replay/g)).toHaveLength(1)
      expect(r.label.match(/replay/g)).toHaveLength(1)
    }
    // Ordered by replay within the task, then by run.
    expect(tuned.map((r) => r.replay)).toEqual([...REPLAYS.flatMap((p) => Array<number>(FINETUNES / REPLAYS.length).fill(p))])
  })

  it('opens the prompt-format view on a task with scores, not on an all-zero one', async () => {
    await page.getByRole('tab', { name: 'Prompt formats' }).click()
    await expect.poll(() => page.getByTestId('format-task').inputValue(), WAIT).toBe('qa')
  })

  it('exports evaluations with the split named as the page names it', async () => {
    await go(`#/checkpoints/${seeded.base.id}`)
    await page.getByTestId('export-evaluations').click()
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'CSV', exact: true }).click()])
    const lines = readFileSync((await file.path())!, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('checkpoint_id,task,split,prompt_format,shots,metric,value,ci_low,ci_high,n,truncated')
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['in-domain', 'in-domain', 'in-domain', 'in-domain'])
    expect(await page.locator('[data-testid="evaluations-table"] tbody').textContent()).toContain('in-domain')
  })

  it('renders the install hints’ commands as code, without backticks', async () => {
    await go('#/settings')
    const hints = page.getByTestId('install-hint')
    await hints.first().waitFor(WAIT)
    for (const hint of await hints.all()) expect(await hint.textContent()).not.toContain('`')
    expect(await hints.locator('code').first().textContent()).toMatch(/^npm install @tensorflow\/tfjs-node/)
  })

  it('takes an error toast away when its page is left', async () => {
    await go('#/runs/99999')
    await page.getByText('Could not load run #99999').first().waitFor(WAIT)
    expect(await page.locator('.mantine-Notification-root').count()).toBeGreaterThan(0)
    await go('#/runs')
    await expect.poll(() => page.locator('.mantine-Notification-root').count(), WAIT).toBe(0)
    expect(suite.wb.pageErrors).toEqual([])
  })
})
