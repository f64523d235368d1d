/**
 * The workbench in Chromium through the local host, on a database seeded through the store:
 * real rows appear with their real figures, pushed events update the page without a reload,
 * failures are reported, and every page is photographed for review.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openService, type Service } from '../../electron/core/service'
import { tempDir } from '../helpers/temp'
import { findChromium, openWorkbench, setScheme, type Workbench } from './browser'
import { lossCurve, seed } from './seed'

const chromiumPath = findChromium()
const SHOTS = join(__dirname, 'screenshots')
const WAIT = { timeout: 10_000 }

describe.skipIf(chromiumPath === null)('workbench in Chromium', () => {
  const dir = tempDir('continuum-e2e-')
  let wb: Workbench
  let service: Service
  let page: Page
  let seeded: ReturnType<typeof seed>

  const shoot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
  const row = (runId: number) => page.locator(`[data-testid="runs-table"] tr[data-run-id="${runId}"]`)
  const cell = (runId: number, col: string) => row(runId).locator(`[data-col="${col}"]`)
  const scheme = () => page.locator('html').getAttribute('data-mantine-color-scheme')
  const nav = (label: string) => page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: label })

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    service = openService(dir.path)
    seeded = seed(service)
    wb = await openWorkbench(chromiumPath!, service, { viewport: { width: 1440, height: 900 } })
    page = wb.page
  })

  afterAll(async () => {
    await wb?.close()
    dir.cleanup()
  })

  it('lists the seeded runs with their real figures', async () => {
    const { pretrain, finetune } = seeded
    await row(pretrain.id).waitFor(WAIT)
    await expect.poll(() => page.getByTestId('connection-indicator').getAttribute('data-state')).toBe('open')
    expect(await page.getByTestId('connection-indicator').textContent()).toContain('websocket')

    // 5,000 steps × 16,384 tokens = 81,920,000 tokens.
    expect(await cell(pretrain.id, 'tokens').textContent()).toBe('81.9M')
    expect(await cell(pretrain.id, 'tokens').getAttribute('title')).toBe('81,920,000 tokens')
    expect(await cell(pretrain.id, 'last-step').textContent()).toBe('4,999')
    expect(await cell(pretrain.id, 'checkpoints').textContent()).toBe('1')
    const pretrainText = await row(pretrain.id).textContent()
    for (const text of ['gpt-s-pretrain', 'pretrain', 'completed', 'tfjs-wasm', 'baseline', 'd256']) expect(pretrainText).toContain(text)
    expect(await row(pretrain.id).locator('[data-status]').getAttribute('data-status')).toBe('completed')

    const finetuneText = await row(finetune.id).textContent()
    for (const text of ['mnli-ft-from-5k', 'finetune', 'queued', 'mnli', 'replay-5%']) expect(finetuneText).toContain(text)
    expect(await cell(finetune.id, 'tokens').textContent()).toBe('—')
    expect(await page.getByTestId('runs-count').textContent()).toBe('2 runs')
  })

  it('filters by search text and status on the server', async () => {
    const { pretrain, finetune } = seeded
    await page.getByLabel('Search runs').fill('mnli')
    await expect.poll(() => row(pretrain.id).count(), WAIT).toBe(0)
    expect(await row(finetune.id).count()).toBe(1)
    expect(await page.getByTestId('runs-count').textContent()).toBe('1 run match')

    await page.getByLabel('Search runs').fill('no-such-run')
    await page.getByText('No runs match').waitFor(WAIT)
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await row(pretrain.id).waitFor(WAIT)

    await page.getByRole('combobox', { name: 'Filter by status' }).click()
    await page.getByRole('option', { name: 'completed' }).click()
    await page.keyboard.press('Escape')
    await expect.poll(() => row(finetune.id).count(), WAIT).toBe(0)
    expect(await row(pretrain.id).count()).toBe(1)
    await page.getByRole('combobox', { name: 'Filter by status' }).press('Backspace')
    await row(finetune.id).waitFor(WAIT)
  })

  it('shows a run created while the page is open, without a reload', async () => {
    await page.evaluate(() => Object.assign(window, { __notReloaded: true }))
    const run = service.store.runs.create({
      experimentId: seeded.experiment.id,
      name: 'live-continual',
      kind: 'continual',
      config: { replay: 0.25 },
      parentCheckpointId: seeded.checkpoint.id,
      seed: 3,
      tags: ['live'],
      notes: '',
    })
    service.events.publish({ type: 'run.changed', run })
    await row(run.id).waitFor(WAIT)
    expect(await row(run.id).textContent()).toContain('queued')

    const running = service.store.runs.setStatus(run.id, 'running', { backend: 'tfjs-node' })
    service.events.publish({ type: 'run.changed', run: running })
    const points = lossCurve(run.id, 300, { tokensPerStep: 4_000 }) // last: 300 × 4,000 = 1.2M tokens
    service.store.metrics.append(run.id, points)
    service.events.publish({ type: 'metrics.appended', runId: run.id, keys: ['train/loss'], count: points.length, lastStep: 299 })

    await expect.poll(() => cell(run.id, 'tokens').textContent(), WAIT).toBe('1.2M')
    expect(await cell(run.id, 'last-step').textContent()).toBe('299')
    expect(await row(run.id).textContent()).toContain('running')
    expect(await page.getByTestId('runs-count').textContent()).toBe('3 runs')
    expect(await page.evaluate(() => (window as { __notReloaded?: boolean }).__notReloaded)).toBe(true)
  })

  it('remembers the colour scheme across a reload', async () => {
    await setScheme(page, 'Dark')
    await page.reload()
    await row(seeded.pretrain.id).waitFor(WAIT) // the token survived the reload too
    expect(await scheme()).toBe('dark')
    expect(await page.getByRole('banner').getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true)
    await shoot('runs-dark')
    await setScheme(page, 'Light')
    await shoot('runs-light')
  })

  it('opens a run with its metric keys, point counts and checkpoints', async () => {
    const { pretrain, checkpoint } = seeded
    await row(pretrain.id).getByRole('link', { name: 'gpt-s-pretrain' }).click()
    const loss = page.locator('[data-testid="metrics-table"] tr[data-metric-key="train/loss"]')
    await loss.waitFor(WAIT)
    expect(page.url()).toContain(`#/runs/${pretrain.id}`)
    expect(await loss.locator('[data-col="points"]').textContent()).toBe('5,000')
    expect(await page.locator('tr[data-metric-key="val/loss"] [data-col="points"]').textContent()).toBe('50')
    const last = lossCurve(pretrain.id, 5000).at(-1)!.value
    expect(Number(await loss.locator('[data-col="last"]').textContent())).toBeCloseTo(last, 3)

    const ckpt = page.locator(`[data-testid="checkpoints-table"] tr[data-checkpoint-id="${checkpoint.id}"]`)
    expect(await ckpt.textContent()).toContain('4,999')
    expect(await ckpt.textContent()).toContain('81.9M')
    expect(await page.getByTestId('run-config').textContent()).toContain('"dModel": 256')
    expect(await page.getByTestId('run-notes').textContent()).toBe('GPT 4×256 on TinyStories, cosine schedule.')
    expect(await page.getByTestId('run-overview').textContent()).toContain('1337')
    await page.mouse.move(0, 0)
    await shoot('run-detail')
    await setScheme(page, 'Dark')
    await shoot('run-detail-dark')
    await setScheme(page, 'Light')
  })

  it('reports a failed call with the server’s reason', async () => {
    await page.goto(`${wb.host.url.split('#')[0]}#/runs/999`)
    await page.getByText('Run 999 does not exist').first().waitFor(WAIT)
    expect(await page.getByTestId('query-error').textContent()).toContain('Could not load run #999')
    // Each of the page's calls (run, metrics, checkpoints) now answers NOT_FOUND for an unknown
    // run (issue 10), and each notification carries the server's reason.
    const reasons = await page.locator('.mantine-Notification-root').allTextContents()
    expect(reasons.length).toBeGreaterThan(0)
    for (const r of reasons) expect(r).toContain('Run 999 does not exist')
    await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('.mantine-Notification-closeButton').forEach((b) => b.click()))
  })

  it('lists experiments with their run counts, reachable by keyboard', async () => {
    await nav('Experiments').focus()
    await page.keyboard.press('Enter')
    const experiment = page.locator(`[data-testid="experiments-table"] tr[data-experiment-id="${seeded.experiment.id}"]`)
    await experiment.waitFor(WAIT)
    expect(await experiment.textContent()).toContain('replay-study')
    expect(await experiment.locator('[data-col="runs"]').textContent()).toBe('3')
    expect(await nav('Experiments').getAttribute('aria-current')).toBe('page')
    await shoot('experiments')
  })

  it('lists every checkpoint in the lineage and opens the other pages', async () => {
    await nav('Checkpoints').click()
    await page.locator(`[data-testid="lineage-tree"] [data-checkpoint-id="${seeded.checkpoint.id}"]`).waitFor(WAIT)
    expect(await page.getByTestId('lineage-tree').textContent()).toContain('gpt-s-pretrain')
    await shoot('checkpoints')

    await nav('Forgetting').click()
    await page.getByText('What fine-tuning gains on its task and loses on everything else').waitFor(WAIT)
    await shoot('forgetting')

    await nav('Compare').click()
    await page.getByText('Pick two or more runs to compare').waitFor(WAIT)
    await shoot('compare')
  })

  it('shows where the data lives in Settings', async () => {
    await nav('Settings').click()
    await page.getByTestId('database-path').waitFor(WAIT)
    expect(await page.getByTestId('database-path').textContent()).toBe(service.store.path)
    expect(service.store.path.startsWith(dir.path)).toBe(true)
    expect(await page.getByTestId('data-dir').textContent()).toBe(dir.path)
    const info = await page.getByTestId('system-info').textContent()
    for (const text of ['0.1.0', 'websocket', process.platform, String(service.store.schemaVersion)]) expect(info).toContain(text)
    expect(await page.locator('[data-count="Runs"]').textContent()).toBe('3')
    expect(await page.locator('[data-count="Metric points"]').textContent()).toBe('5,350')
    await shoot('settings')
    await setScheme(page, 'Dark')
    await shoot('settings-dark')
    await setScheme(page, 'Light')
  })

  it('explains how to open the app when the address has no token', async () => {
    const bare = await page.context().newPage()
    try {
      await bare.goto(wb.host.url.split('#')[0]!)
      await bare.getByRole('heading', { name: 'Open the address the host printed' }).waitFor(WAIT)
      expect(await bare.textContent('body')).toContain('npm run serve')
      await bare.screenshot({ path: join(SHOTS, 'no-token.png'), fullPage: true })
    } finally {
      await bare.close()
    }
  })

  it('tells a tab holding an old token that the host refused it', async () => {
    const stale = await page.context().newPage()
    try {
      await stale.goto(`${wb.host.url.split('#')[0]}#token=${'0'.repeat(48)}`)
      await expect.poll(() => stale.getByTestId('connection-indicator').getAttribute('data-state'), WAIT).toBe('refused')
      await stale.getByText('The host refused the connection').waitFor(WAIT)
      // Calls fail too, but only the connection notice speaks: no pile of identical errors.
      await stale.getByTestId('query-error').filter({ hasText: 'Could not load the runs' }).waitFor(WAIT)
      const notices = await stale.locator('.mantine-Notification-root').allTextContents()
      expect(notices).toHaveLength(1)
      expect(notices[0]).toContain('The host refused the connection')
    } finally {
      await stale.close()
    }
  })

  it('turns the indicator red and says so when the host goes away', async () => {
    await nav('Runs').click()
    await row(seeded.pretrain.id).waitFor(WAIT)
    await wb.host.close()
    await expect.poll(() => page.getByTestId('connection-indicator').getAttribute('data-state'), WAIT).toBe('lost')
    await page.getByText('Connection to the host lost').waitFor(WAIT)
    await page.waitForTimeout(600) // let the notification finish sliding in before the photo
    await shoot('connection-lost')

    await nav('Experiments').click()
    await page.getByTestId('query-error').filter({ hasText: 'Could not load the experiments' }).waitFor(WAIT)
    const notices = await page.locator('.mantine-Notification-root').allTextContents()
    // One notice says why nothing loads; the calls failing with it add none of their own.
    expect(notices, notices.join(' | ')).toHaveLength(1)
    expect(notices[0]).toContain('Connection to the host lost')
    expect(wb.pageErrors).toEqual([])
  })
})

describe.skipIf(chromiumPath === null)('workbench on an empty database', () => {
  const dir = tempDir('continuum-e2e-empty-')
  let wb: Workbench
  let page: Page

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    wb = await openWorkbench(chromiumPath!, dir.path, { viewport: { width: 1440, height: 900 } })
    page = wb.page
  })

  afterAll(async () => {
    await wb?.close()
    dir.cleanup()
  })

  it('says how to fill each page instead of showing an empty table', async () => {
    await page.getByText('No runs yet').waitFor(WAIT)
    expect(await page.textContent('main')).toContain('npm run experiment -- --template study')
    expect(await page.getByTestId('runs-table').count()).toBe(0)
    await page.screenshot({ path: join(SHOTS, 'runs-empty.png') })

    await page.getByRole('link', { name: 'Experiments' }).click()
    await page.getByText('No experiments yet').waitFor(WAIT)
    await page.getByRole('link', { name: 'Checkpoints' }).click()
    await page.getByText('No checkpoints yet').waitFor(WAIT)
    expect(await page.textContent('main')).toContain('Run a pre-training experiment')
    await page.screenshot({ path: join(SHOTS, 'checkpoints-empty.png') })
  })

  it('fills the empty table live when the first run is recorded', async () => {
    await page.getByRole('link', { name: 'Runs' }).click()
    await page.getByText('No runs yet').waitFor(WAIT)
    const run = wb.service.store.runs.create({
      experimentId: null,
      name: 'first-run',
      kind: 'pretrain',
      config: {},
      parentCheckpointId: null,
      seed: 0,
      tags: [],
      notes: '',
    })
    wb.service.events.publish({ type: 'run.changed', run })
    await page.locator(`tr[data-run-id="${run.id}"]`).waitFor(WAIT)
    expect(await page.getByText('No runs yet').count()).toBe(0)
  })
})
