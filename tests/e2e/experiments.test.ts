/**
 * The schedule editor and the runs tree in Chromium through the host: the study template at
 * scale tiny shows the same dry run as calling `experiments.dryRun` directly; a replay ratio
 * of 1.5 shows its error at its field with its path, and fixing it clears it; the LR preview
 * plots `lrCurve`'s values; a minimal schedule started from the editor trains for real and the
 * runs table shows its tree, its progress and `completed`. Screenshots in light and dark.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createRouterClient } from '@orpc/server'
import { ExperimentSchedule, lrCurve, type ExperimentScheduleInput } from '../../shared'
import { router, rpcErrorInterceptor, type Service } from '../../electron/core/service'
import { studyTemplate } from '../../electron/core/experiments/templates'
import type { ChartSnapshot } from '../../renderer/src/charts/test-hook'
import { formatCount, formatInteger } from '../../renderer/src/format/numbers'
// Points in the editor's LR preview (renderer/src/experiments/schedule-previews.tsx, LR_POINTS).
const LR_POINTS = 120
import { tempDir } from '../helpers/temp'
import { findChromium, openWorkbench, setScheme, type Workbench } from './browser'

const chromiumPath = findChromium()
/** What the editor shows after "Study template" at scale tiny: the template as the service gives it. */
const TINY = ExperimentSchedule.parse(studyTemplate({ scale: 'tiny', seed: 0 }))
const TINY_CHECKPOINTS = TINY.pretrain.checkpoints.kind === 'at' ? TINY.pretrain.checkpoints.steps : []
const stepsOf = (length: object) => ('steps' in length && typeof length.steps === 'number' ? length.steps : 0)
const SHOTS = join(__dirname, 'screenshots')
const WAIT = { timeout: 20_000 }
/** Training happens in worker processes on a busy 2-core machine: generous, never asserted on. */
const TRAIN_WAIT = { timeout: 240_000, interval: 500 }

const MINIMAL: ExperimentScheduleInput = {
  name: 'e2e minimal',
  description: 'One tiny pre-training run and one fine-tune, for the e2e suite.',
  model: { layers: 1, heads: 1, width: 16, context: 32, vocab: 257, dropout: 0 },
  tokenizer: { kind: 'byte' },
  suite: { seed: 0, scale: 'tiny' },
  seeds: [0],
  pretrain: { corpus: 'suite', length: { steps: 6 }, batch: 4, lr: { kind: 'constant', lr: 1e-3 }, checkpoints: { kind: 'every', steps: 3 } },
  branches: [
    {
      name: 'ft',
      from: 'final',
      tasks: ['reverse'],
      length: { steps: 3 },
      batch: 4,
      accumulation: 1,
      lr: { kind: 'constant', lr: 1e-3 },
      replay: [0],
      replayCorpus: 'suite',
      eval: { tasks: ['reverse'], formats: ['default'], shots: [0], maxExamples: 5, every: 0 },
    },
  ],
  backend: 'auto',
}

describe.skipIf(chromiumPath === null)('experiments in Chromium', () => {
  const dir = tempDir('continuum-e2e-experiments-')
  let workbench: Workbench | undefined
  let service: Service
  let page: Page

  const shoot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
  const snapshot = (id: string) => page.evaluate((chart) => window.__continuumCharts?.[chart]?.snapshot() ?? null, id) as Promise<ChartSnapshot | null>
  const replayField = () => page.locator('[data-branch-index="0"] input[data-path="branches[0].replay"]')
  const settledDryRun = () => page.locator('[data-testid="dry-run"][data-pending="false"]').waitFor(WAIT)

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    workbench = await openWorkbench(chromiumPath!, dir.path)
    ;({ service, page } = workbench)
    await page.evaluate(() => (window.location.hash = '#/experiments/new'))
  }, 60_000)

  afterAll(async () => {
    await workbench?.close()
    dir.cleanup()
  })

  it('loads the study template at scale tiny and shows the dry run the service computes', async () => {
    await page.getByRole('radio', { name: 'tiny' }).check({ force: true })
    await page.getByRole('button', { name: 'Study template' }).click()
    await expect.poll(() => page.locator('input[data-path="name"]').inputValue(), WAIT).toContain('tiny')
    await settledDryRun()
    const client = createRouterClient(router, { context: service.context('ipc'), interceptors: [rpcErrorInterceptor] })
    const schedule = await client.experiments.template({ name: 'study', scale: 'tiny', seed: 0 })
    const expected = await client.experiments.dryRun({ schedule: schedule as ExperimentScheduleInput })
    expect(await page.getByTestId('dry-run-jobs').textContent()).toBe(formatInteger(expected.jobs))
    expect(await page.getByTestId('dry-run-tokens').getAttribute('title')).toBe(`${formatInteger(expected.trainingTokens)} tokens`)
    expect(await page.getByTestId('dry-run-tokens').textContent()).toBe(formatCount(expected.trainingTokens))
    const kinds = await page.getByTestId('dry-run-kinds').textContent()
    for (const [kind, n] of Object.entries(expected.byKind)) if (n > 0) expect(kinds).toContain(`${n} ${kind}`)
    expect(kinds).toContain(`${formatInteger(expected.evaluations)} evaluations`)
    expect(await page.getByTestId('dry-run-throughput').textContent()).toContain(expected.throughputSource)
    // The timeline marks every pre-training checkpoint and each branch's starting points.
    const branchPoints = TINY.branches.reduce((n, b) => n + (b.from === 'all' ? TINY_CHECKPOINTS.length : b.from === 'final' ? 1 : 'steps' in b.from ? b.from.steps.length : 0), 0)
    expect(await page.locator('[data-testid="schedule-timeline"] [data-checkpoint-step]').count()).toBe(TINY_CHECKPOINTS.length)
    expect(await page.locator('[data-testid="schedule-timeline"] [data-branch-step]').count()).toBe(branchPoints)
    await shoot('experiments-editor-light')
  })

  it('shows a bad replay ratio at its field with its path, and clears it when fixed', async () => {
    await replayField().fill('0, 1.5, 0.25')
    const error = page.locator('[data-branch-index="0"]').getByText('branches[0].replay[1]: must be between 0 and 1')
    await error.waitFor(WAIT)
    await page.getByRole('tab', { name: 'JSON' }).click()
    expect(await page.getByTestId('json-issues').textContent()).toContain('branches[0].replay[1]')
    const json = await page.getByTestId('schedule-json').inputValue()
    expect(JSON.parse(json).branches[0].replay).toEqual([0, 1.5, 0.25])
    // Invalid JSON names where it breaks.
    await page.getByTestId('schedule-json').fill(json.replace('"branches"', '"branches" oops'))
    await expect.poll(() => page.getByText(/Line \d+, column \d+/).count(), WAIT).toBe(1)
    await page.getByTestId('schedule-json').fill(json)
    await page.getByRole('tab', { name: 'Form' }).click()
    await replayField().fill('0, 0.05, 0.25')
    await settledDryRun()
    await expect.poll(() => error.count(), WAIT).toBe(0)
  })

  it('plots the learning rate of each phase as lrCurve computes it', async () => {
    await page.getByTestId('preview-lr-pretrain').waitFor(WAIT)
    const pre = (await snapshot('lr-pretrain'))!
    const curve = lrCurve(TINY.pretrain.lr, stepsOf(TINY.pretrain.length), LR_POINTS)
    expect(pre.lines[0]!.x).toEqual(curve.map((p) => p.step))
    // The same function in Chromium's V8: equal up to the last bit of Math.cos.
    expect(pre.lines[0]!.last).toHaveLength(curve.length)
    pre.lines[0]!.last.forEach((v, i) => expect(Math.abs(v - curve[i]!.lr)).toBeLessThanOrEqual(1e-12 * curve[i]!.lr))
    const ft = (await snapshot('lr-branch-0'))!
    const branch = TINY.branches[0]!
    ft.lines[0]!.last.forEach((v, i, all) => expect(Math.abs(v - lrCurve(branch.lr, stepsOf(branch.length), LR_POINTS)[i]!.lr), `${i} of ${all.length}`).toBeLessThanOrEqual(1e-12))
    const replay = (await snapshot('replay-0'))!
    // 5% of 16 rows: 0.8 a step, so 4 rows every 5 steps.
    const five = replay.lines.find((l) => l.label === '5%')!
    expect(five.last.slice(0, 10).reduce((a, b) => a + b, 0)).toBe(8)
    await setScheme(page, 'Dark')
    await shoot('experiments-editor-dark')
    await setScheme(page, 'Light')
  })

  it('starts a minimal schedule and shows its runs train to completed in the runs tree', async () => {
    await page.getByRole('tab', { name: 'JSON' }).click()
    await page.getByTestId('schedule-json').fill(JSON.stringify(MINIMAL, null, 2))
    await page.getByRole('tab', { name: 'Form' }).click()
    await settledDryRun()
    expect(await page.getByTestId('dry-run-jobs').textContent()).toBe('2')
    await page.getByRole('button', { name: 'Start' }).click()
    await expect.poll(() => page.evaluate(() => window.location.hash), WAIT).toMatch(/^#\/experiments\/\d+$/)
    expect(await page.getByTestId('experiment-name').textContent()).toBe('e2e minimal')
    const runs = service.store.runs.list({})
    const pre = runs.find((r) => r.kind === 'pretrain')!
    const ft = runs.find((r) => r.kind === 'finetune')!

    await page.evaluate(() => (window.location.hash = '#/runs'))
    const row = (id: number) => page.locator(`[data-testid="runs-table"] tr[data-run-id="${id}"]`)
    await row(ft.id).waitFor(WAIT)
    // The fine-tune sits beneath its pre-training run before either has started (matched by plan).
    expect(await row(pre.id).getAttribute('data-depth')).toBe('0')
    expect(await row(ft.id).getAttribute('data-depth')).toBe('1')
    await expect.poll(() => row(pre.id).locator('[data-status]').getAttribute('data-status'), TRAIN_WAIT).toBe('completed')
    expect(await row(pre.id).locator('[data-progress-total]').getAttribute('data-progress-step')).toBe('6')
    expect(await row(pre.id).locator('[data-progress-total]').getAttribute('data-progress-total')).toBe('6')
    await expect.poll(() => row(ft.id).locator('[data-status]').getAttribute('data-status'), TRAIN_WAIT).toBe('completed')
    expect(await row(ft.id).getAttribute('data-depth')).toBe('1')
    expect(await row(ft.id).locator('[data-progress-total]').getAttribute('data-progress-total')).toBe('3')
    await expect.poll(() => row(pre.id).locator('[data-col="loss"]').textContent(), WAIT).toMatch(/best/)

    // Keyboard: the tree folds with ArrowLeft and unfolds with ArrowRight.
    await row(pre.id).focus()
    await page.keyboard.press('ArrowLeft')
    await expect.poll(() => row(ft.id).count(), WAIT).toBe(0)
    await page.keyboard.press('ArrowRight')
    await row(ft.id).waitFor(WAIT)
    await page.keyboard.press('ArrowDown')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-run-id'))).toBe(String(ft.id))

    // Tags and notes are saved through runs.update.
    await row(ft.id).getByRole('button', { name: /Edit tags and notes/ }).click()
    await page.getByRole('textbox', { name: 'Notes' }).fill('checked by the e2e suite')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => service.store.runs.get(ft.id).notes, WAIT).toBe('checked by the e2e suite')
    await expect.poll(() => row(ft.id).textContent(), WAIT).toContain('checked by the e2e suite')
    await expect.poll(() => page.getByRole('dialog').count(), WAIT).toBe(0)
    await page.evaluate(() => document.querySelectorAll('.mantine-ScrollArea-viewport, .mantine-Table-scrollContainer').forEach((el) => (el.scrollLeft = 0)))
    await shoot('runs-tree-light')
    await setScheme(page, 'Dark')
    await shoot('runs-tree-dark')
    await setScheme(page, 'Light')

    await page.evaluate(() => (window.location.hash = '#/experiments'))
    await page.locator('[data-testid="experiments-table"] [data-status-count="completed"]').waitFor(WAIT)
    expect(await page.locator('[data-testid="experiments-table"] [data-col="runs"]').textContent()).toBe('2')
    await shoot('experiments-list')
    expect(workbench!.pageErrors).toEqual([])
  }, 300_000)
})
