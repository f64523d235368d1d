/**
 * Real training through the runner, watched in Chromium through the host:
 * - a pre-training run paused from the runs tree stops at a checkpoint and shows `paused`;
 *   resumed, it shows `running` and then `completed`, having trained every step once: the
 *   steps before the pause are not trained again, the ones after it come from the resumed job;
 * - a task sequence (nli → paraphrase) of a tiny model, with base evaluation, fills the
 *   forgetting page's accuracy matrix with the scores its evaluation jobs recorded, and ACC,
 *   BWT and FWT computed from them.
 * Tiny models on the built-in suite at scale tiny: seconds of training each.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createRouterClient } from '@orpc/server'
import { continualSummary, type ExperimentScheduleInput } from '../../shared'
import { router, rpcErrorInterceptor, type Service } from '../../electron/core/service'
import { tempDir } from '../helpers/temp'
import { findChromium, openWorkbench, type Workbench } from './browser'

const chromiumPath = findChromium()
const SHOTS = join(__dirname, 'screenshots')
const WAIT = { timeout: 20_000 }
/** Training happens in worker processes on a busy 2-core machine: generous, never asserted on. */
const TRAIN_WAIT = { timeout: 240_000, interval: 250 }

const MODEL = { layers: 1, heads: 1, width: 16, context: 32, vocab: 257, dropout: 0 }
/** Long enough (a few seconds here) to be paused from the page well before its end. */
const PAUSE_STEPS = 2_000

const PAUSABLE: ExperimentScheduleInput = {
  name: 'e2e pause and resume',
  model: MODEL,
  tokenizer: { kind: 'byte' },
  suite: { seed: 0, scale: 'tiny' },
  pretrain: { corpus: 'suite', length: { steps: PAUSE_STEPS }, batch: 4, lr: { kind: 'constant', lr: 1e-3 }, checkpoints: { kind: 'at', steps: [PAUSE_STEPS] } },
}

const EVAL = { formats: ['default' as const], shots: [0], maxExamples: 8, splits: ['test' as const] }
const SEQUENCE: ExperimentScheduleInput = {
  name: 'e2e task sequence',
  model: MODEL,
  tokenizer: { kind: 'byte' },
  suite: { seed: 0, scale: 'tiny' },
  pretrain: { corpus: 'suite', length: { steps: 6 }, batch: 4, lr: { kind: 'constant', lr: 1e-3 }, checkpoints: { kind: 'at', steps: [6] } },
  // The base scores b_i that forward transfer is measured against.
  baseEval: { tasks: ['nli', 'paraphrase'], ...EVAL },
  sequences: [{ name: 'seq', from: 'final', tasks: ['nli', 'paraphrase'], length: { steps: 4 }, batch: 4, lr: { kind: 'constant', lr: 1e-3 }, eval: EVAL }],
}

describe.skipIf(chromiumPath === null)('training from the page', () => {
  const dir = tempDir('continuum-e2e-training-')
  let workbench: Workbench | undefined
  let service: Service
  let page: Page
  const client = () => createRouterClient(router, { context: service.context('ipc'), interceptors: [rpcErrorInterceptor] })
  const row = (id: number) => page.locator(`[data-testid="runs-table"] tr[data-run-id="${id}"]`)
  const status = (id: number) => row(id).locator('[data-status]').first().getAttribute('data-status')
  const lossPoints = (runId: number) =>
    service.store.db
      .prepare("SELECT m.step, m.wall_time AS wallTime FROM metrics m JOIN metric_series s ON s.id = m.series_id WHERE s.run_id = ? AND s.key = 'train/loss' ORDER BY m.step")
      .all(runId) as { step: number; wallTime: number }[]

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    workbench = await openWorkbench(chromiumPath!, dir.path)
    ;({ service, page } = workbench)
  }, 60_000)

  afterAll(async () => {
    await workbench?.close()
    dir.cleanup()
  })

  it('pauses a running pre-training at a checkpoint and resumes it where it stopped, every step trained once', async () => {
    const { runIds } = await client().experiments.create({ schedule: PAUSABLE })
    const id = runIds[0]!
    const name = service.store.runs.get(id).name
    await page.evaluate(() => (window.location.hash = '#/runs'))
    await expect.poll(() => status(id), TRAIN_WAIT).toBe('running')
    await expect.poll(async () => Number(await row(id).locator('[data-progress-step]').getAttribute('data-progress-step')), TRAIN_WAIT).toBeGreaterThanOrEqual(50)

    await row(id).getByRole('button', { name: `Pause ${name}` }).click()
    await expect.poll(() => status(id), TRAIN_WAIT).toBe('paused')
    const pausedAt = service.store.checkpoints.latest(id)!.step
    expect(pausedAt).toBeGreaterThanOrEqual(50)
    expect(pausedAt).toBeLessThan(PAUSE_STEPS)
    const before = lossPoints(id)
    expect(before.map((p) => p.step)).toEqual(Array.from({ length: pausedAt }, (_, i) => i + 1))
    await expect.poll(() => row(id).locator('[data-progress-step]').getAttribute('data-progress-step'), WAIT).toBe(String(pausedAt))
    await expect.poll(() => row(id).locator('[data-col="loss"]').textContent(), WAIT).toMatch(/best/)
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.mouse.move(0, 0)
    await page.screenshot({ path: join(SHOTS, 'runs-paused.png'), fullPage: true })

    const resumedAt = Date.now()
    await row(id).getByRole('button', { name: `Resume ${name}` }).click()
    await expect.poll(() => status(id), TRAIN_WAIT).not.toBe('paused')
    await expect.poll(() => status(id), TRAIN_WAIT).toBe('completed')
    expect(await row(id).locator('[data-progress-step]').getAttribute('data-progress-step')).toBe(String(PAUSE_STEPS))
    const after = lossPoints(id)
    expect(after.map((p) => p.step)).toEqual(Array.from({ length: PAUSE_STEPS }, (_, i) => i + 1))
    // Up to the pause: the same points, untouched. After it: written by the resumed job.
    expect(after.slice(0, pausedAt)).toEqual(before)
    expect(Math.min(...after.slice(pausedAt).map((p) => p.wallTime))).toBeGreaterThanOrEqual(resumedAt)
    expect(service.store.jobs.forRun(id)).toMatchObject({ status: 'completed', attempts: 2 })
  }, 300_000)

  it('pauses a running pre-training from its own page and resumes it there', async () => {
    const { runIds } = await client().experiments.create({ schedule: { ...PAUSABLE, name: 'e2e pause from the run page' } })
    const id = runIds[0]!
    await page.evaluate((h) => (window.location.hash = h), `#/runs/${id}`)
    const actions = page.getByTestId('run-page-actions')
    const heading = () => page.locator('h2 [data-status]').getAttribute('data-status')
    await expect.poll(heading, TRAIN_WAIT).toBe('running')
    // Some steps in, so the pause lands mid-run, not before the first step.
    await expect.poll(() => lossPoints(id).length, TRAIN_WAIT).toBeGreaterThanOrEqual(20)
    await actions.getByRole('button', { name: 'Pause' }).click()
    await expect.poll(heading, TRAIN_WAIT).toBe('paused')
    expect(service.store.runs.get(id).status).toBe('paused')
    const pausedAt = service.store.checkpoints.latest(id)!
    expect(pausedAt.kind).toBe('pause')
    expect(pausedAt.step).toBeLessThan(PAUSE_STEPS)
    expect(await actions.getByRole('button', { name: 'Pause' }).count()).toBe(0)
    await actions.getByRole('button', { name: 'Resume' }).click()
    await expect.poll(heading, TRAIN_WAIT).toBe('completed')
    expect(lossPoints(id).map((p) => p.step)).toEqual(Array.from({ length: PAUSE_STEPS }, (_, i) => i + 1))
    expect(service.store.jobs.forRun(id)).toMatchObject({ status: 'completed', attempts: 2 })
  }, 300_000)

  it('fills the accuracy matrix, ACC, BWT and FWT from a task sequence trained and evaluated for real', async () => {
    const { experiment } = await client().experiments.create({ schedule: SEQUENCE })
    const experimentId = experiment.id
    await expect.poll(() => service.store.runs.list({ experimentId }).map((r) => r.status), TRAIN_WAIT).toEqual(['completed', 'completed', 'completed', 'completed'])

    // The scores the evaluation jobs recorded: base (the pre-training checkpoint), then each stage's last checkpoint.
    const runs = service.store.runs.list({ experimentId })
    const checkpointOf = (runId: number) => service.store.checkpoints.latest(runId)!.id
    const stageOf = (tags: string[]) => Number(tags.find((t) => /^stage-\d+$/.test(t))?.slice(6))
    const stages = runs.filter((r) => r.tags.includes('sequence')).sort((a, b) => stageOf(a.tags) - stageOf(b.tags))
    expect(stages.map((r) => stageOf(r.tags))).toEqual([1, 2])
    const score = (checkpointId: number, task: string) => {
      const rows = service.store.evaluations.listByCheckpoint(checkpointId).filter((e) => e.task === task && e.split === 'test' && e.promptFormat === 'default' && e.shots === 0 && e.metric === 'accuracy')
      expect(rows, `accuracy of checkpoint ${checkpointId} on ${task}`).toHaveLength(1)
      expect(rows[0]!.n).toBe(8)
      return rows[0]!.value
    }
    const tasks = ['nli', 'paraphrase']
    const base = checkpointOf(runs.find((r) => r.kind === 'pretrain')!.id)
    const initial = tasks.map((t) => score(base, t))
    const R = stages.map((s) => tasks.map((t) => score(checkpointOf(s.id), t)))
    const summary = continualSummary(R, initial)

    await page.evaluate((id) => (window.location.hash = `#/forgetting/${id}`), experimentId)
    await page.getByRole('tab', { name: 'Accuracy matrix' }).click()
    const table = page.getByRole('table', { name: 'Accuracy matrix seq' })
    await table.waitFor(WAIT)
    const cells = async () => (await table.locator('tbody tr').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim())
    expect(await cells()).toEqual([
      `before (base)${initial.map((v) => v.toFixed(3)).join('')}`,
      `1. nli${R[0]!.map((v) => v.toFixed(3)).join('')}`,
      `2. paraphrase${R[1]!.map((v) => v.toFixed(3)).join('')}`,
    ])
    const figure = (v: number) => `${v > 0 ? '+' : ''}${v.toFixed(3)}`
    expect(await page.getByTestId('cl-acc').textContent()).toBe(`ACC${summary.acc.toFixed(3)}mean final score`)
    expect(await page.getByTestId('cl-bwt').textContent()).toContain(figure(summary.bwt))
    expect(await page.getByTestId('cl-fwt').textContent()).toContain(figure(summary.fwt!))
    expect(await page.getByTestId('cl-forgetting').textContent()).toContain(figure(summary.meanForgetting))
    await page.mouse.move(0, 0)
    await page.screenshot({ path: join(SHOTS, 'accuracy-matrix-sequence.png'), fullPage: true })
    expect(workbench!.pageErrors).toEqual([])
  }, 300_000)
})
