/**
 * The checkpoint browser in Chromium on a real checkpoint folder (a tiny model trained with
 * the engine): the lineage tree, the figures, the evaluations table with 95% intervals,
 * greedy generation giving the same text twice, export to a folder, and delete after a
 * confirmation that names what will be lost.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openService } from '../../electron/core/service'
import { checkpointFolder, runTrainJob } from '../../electron/core/jobs/train-job'
import { TrainJobSpec } from '../../shared'
import { tinyJob } from '../helpers/job-files'
import { findChromium, openWorkbench, setScheme, workbenchSuite } from './browser'
import { seededPlan } from '../helpers/plan'

const chromiumPath = findChromium()
const SHOTS = join(__dirname, 'screenshots')
const WAIT = { timeout: 20_000 }

describe.skipIf(chromiumPath === null)('checkpoint browser in Chromium', () => {
  let page: Page
  let ids: { run: number; checkpoint: number; other: number; finetune: number; ftCheckpoint: number }
  let path: string
  const shoot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })

  const suite = workbenchSuite('continuum-e2e-checkpoints-', async (dir) => {
    mkdirSync(SHOTS, { recursive: true })
    const service = openService(join(dir, 'data'), { autoStart: false })
    const { store } = service
    const experiment = store.experiments.create({ name: 'tiny-study', description: '', schedule: null })
    const run = store.runs.create({ experimentId: experiment.id, name: 'tiny-pretrain', kind: 'pretrain', config: {}, parentCheckpointId: null, seed: 3, tags: [], notes: '' })
    const spec = TrainJobSpec.parse(tinyJob(dir, { runId: run.id, steps: 3, checkpoints: { every: null, at: [] } }))
    await runTrainJob(spec, null, { emit: () => undefined, control: () => 'run' })
    path = checkpointFolder(spec.checkpointDir, 3)
    const checkpoint = store.checkpoints.create({ runId: run.id, step: 3, tokens: 192, path, bytes: 52_480, sha256: '0'.repeat(64) })
    const other = store.checkpoints.create({ runId: run.id, step: 1, tokens: 64, path: join(dir, 'nowhere'), bytes: 1024, sha256: '1'.repeat(64) })
    store.runs.setStatus(run.id, 'completed')
    const finetune = store.runs.create({ experimentId: experiment.id, name: 'tiny-ft-qa', kind: 'finetune', config: {}, plan: seededPlan({ key: 'ft', kind: 'finetune', task: 'qa', replay: 0.25, init: { from: 'job', job: 'p', step: 3 } }), parentCheckpointId: checkpoint.id, seed: 3, tags: [], notes: '' })
    const ftCheckpoint = store.checkpoints.create({ runId: finetune.id, step: 2, tokens: 128, path: join(dir, 'ft'), bytes: 2048, sha256: '2'.repeat(64) })
    store.runs.setStatus(finetune.id, 'completed')
    for (const [task, split, promptFormat, metric, value] of [
      ['qa', 'test', 'default', 'exact-match', 0.25],
      ['qa', 'ood', 'instruct', 'exact-match', 0.125],
      ['nli', 'test', 'default', 'accuracy', 0.4],
    ] as const)
      store.evaluations.record({ checkpointId: checkpoint.id, task, split, promptFormat, shots: 4, metric, value, ciLow: value - 0.1, ciHigh: value + 0.1, n: 40 })
    ids = { run: run.id, checkpoint: checkpoint.id, other: other.id, finetune: finetune.id, ftCheckpoint: ftCheckpoint.id }
    const wb = await openWorkbench(chromiumPath!, service, { viewport: { width: 1440, height: 900 } })
    page = wb.page
    return wb
  }, 120_000)

  it('shows the lineage: pre-training run → checkpoints → the fine-tune branched from one → its checkpoint', async () => {
    await page.evaluate(() => (window.location.hash = '#/checkpoints'))
    const tree = page.getByTestId('lineage-tree')
    await tree.waitFor(WAIT)
    await page.getByText('Pick a checkpoint in the lineage').waitFor(WAIT)
    const pre = tree.locator(`li[data-run-id="${ids.run}"]`)
    expect(await pre.locator('a[data-checkpoint-id]').evaluateAll((as) => as.map((a) => a.getAttribute('data-checkpoint-id')))).toEqual([String(ids.other), String(ids.checkpoint), String(ids.ftCheckpoint)])
    // The fine-tune hangs under the step-3 checkpoint, not under step 1.
    const branch = pre.locator(`li:has(> a[data-checkpoint-id="${ids.checkpoint}"]) li[data-run-id="${ids.finetune}"]`)
    expect(await branch.count()).toBe(1)
    expect(await branch.textContent()).toContain('replay 25%')
  })

  it('shows a checkpoint’s figures and its evaluations with 95% intervals', async () => {
    await page.locator(`[data-testid="lineage-tree"] a[data-checkpoint-id="${ids.checkpoint}"]`).click()
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/checkpoints/${ids.checkpoint}`)
    const detail = page.getByTestId('checkpoint-detail')
    await detail.waitFor(WAIT)
    expect(await page.getByTestId('fig-step').locator('[data-value]').textContent()).toBe('3')
    expect(await page.getByTestId('fig-tokens').locator('[data-value]').textContent()).toBe('192')
    expect(await page.getByTestId('fig-bytes').locator('[data-value]').textContent()).toBe('51.3 KiB')
    expect(await page.getByTestId('fig-branches').locator('[data-value]').textContent()).toBe('1')
    const row = page.locator('[data-testid="evaluations-table"] tr[data-eval="qa|ood|instruct|4|exact-match"]')
    await row.waitFor(WAIT)
    expect(await row.locator('[data-col="value"]').textContent()).toBe('0.125')
    expect(await row.locator('[data-col="ci"]').textContent()).toBe('[0.025, 0.225]')
    expect(await row.locator('[data-col="n"]').textContent()).toBe('40')
    expect(await page.locator('[data-testid="evaluations-table"] tbody tr').count()).toBe(3)
    await shoot('checkpoint-detail-light')
  })

  it('generates the same text twice at temperature 0', async () => {
    const box = page.getByTestId('generate-box')
    await box.getByLabel('Prompt').fill('Alice lives in')
    await box.getByLabel('Max tokens').fill('12')
    await box.getByRole('button', { name: 'Generate' }).click()
    const text = page.getByTestId('generated-text')
    await text.waitFor({ timeout: 60_000 })
    const first = await text.textContent()
    expect(first!.startsWith('Alice lives in')).toBe(true)
    expect(first!.length).toBeGreaterThan('Alice lives in'.length)
    await box.getByRole('button', { name: 'Generate' }).click()
    await expect.poll(() => box.getByRole('button', { name: 'Generate' }).isEnabled(), { timeout: 60_000 }).toBe(true)
    await expect.poll(() => box.getByRole('button', { name: 'Generate' }).getAttribute('data-loading'), { timeout: 60_000 }).toBeNull()
    expect(await text.textContent()).toBe(first)
    await setScheme(page, 'Dark')
    await shoot('checkpoint-detail-dark')
    await setScheme(page, 'Light')
  }, 150_000)

  it('exports the checkpoint folder to a chosen folder', async () => {
    await page.getByRole('button', { name: 'Export…' }).click()
    const input = page.getByTestId('export-destination')
    await expect.poll(() => input.inputValue(), WAIT).toBe(join(suite.wb.service.dataDir, 'exports'))
    // Inside the data folder: the host exports only into it and the --allow-dir folders (issue 10).
    const destination = join(suite.wb.service.dataDir, 'exported')
    await input.fill(destination)
    await page.getByRole('dialog').getByRole('button', { name: 'Export', exact: true }).click()
    await page.getByTestId('exported-path').waitFor(WAIT)
    const exported = (await page.getByTestId('exported-path').locator('code').textContent())!
    expect(exported.startsWith(destination)).toBe(true)
    expect(existsSync(exported)).toBe(true)
  })

  it('deletes the checkpoint after a confirmation that names what will be lost', async () => {
    await page.getByRole('button', { name: 'Delete…' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor(WAIT)
    const text = await dialog.textContent()
    expect(text).toContain(`Delete checkpoint #${ids.checkpoint}?`)
    expect(text).toContain('tiny-pretrain')
    expect(text).toContain('its 3 evaluation results')
    expect(text).toContain('tiny-ft-qa')
    await shoot('checkpoint-delete-light')
    await dialog.getByRole('button', { name: 'Delete checkpoint' }).click()
    await expect.poll(() => page.evaluate(() => window.location.hash), WAIT).toBe('#/checkpoints')
    await expect.poll(() => page.locator(`[data-testid="lineage-tree"] a[data-checkpoint-id="${ids.checkpoint}"]`).count(), WAIT).toBe(0)
    expect(existsSync(path)).toBe(false)
    expect(() => suite.wb.service.store.checkpoints.get(ids.checkpoint)).toThrow()
    expect(suite.wb.pageErrors).toEqual([])
  })
})
