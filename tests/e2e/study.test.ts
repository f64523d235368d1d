/**
 * The Study page in Chromium on a store seeded with hand-made evaluation rows shaped like a
 * study (tests/helpers/study-cells.ts, built so every finding holds): every figure drawn,
 * every sentence shown with its verdict, a figure's SVG parses and its PNG decodes at twice
 * the chart's size, the HTML report downloads with its tables, figures and schedule and opens
 * with no network; an experiment with base evaluations only says "Not shown" with reasons.
 * Screenshots at 1024 and 1440 px, light and dark, land in tests/e2e/screenshots/.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type {} from '../../renderer/src/study/study-hook'
import { openService } from '../../electron/core/service'
import { computeFindings, FINDING_IDS } from '../../shared/findings'
import { tempDir } from '../helpers/temp'
import { seedStudy } from '../helpers/seed-study'
import { STUDY_TASKS, rowsOf, studyCells } from '../helpers/study-cells'
import { findChromium, openWorkbench, setScheme, type Workbench } from './browser'

const chromiumPath = findChromium()
const SHOTS = join(__dirname, 'screenshots')
const WAIT = { timeout: 60_000 }
const SCHEDULE = { name: 'hand-made study', suite: null, seeds: [0, 1, 2], pretrain: { checkpoints: { kind: 'at', steps: [25, 100, 400, 1500] } } }

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

describe.skipIf(chromiumPath === null)('the Study page in Chromium', () => {
  const dir = tempDir('continuum-e2e-study-')
  let wb: Workbench
  let page: Page
  let studyId: number
  let baseOnlyId: number

  const allDrawn = () => expect.poll(() => page.evaluate(() => window.__continuumStudy?.drawn.length ?? 0), WAIT).toBe(FINDING_IDS.length)
  const download = async (trigger: () => Promise<void>) => {
    const [file] = await Promise.all([page.waitForEvent('download'), trigger()])
    return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) }
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    const seeding = openService(dir.path, { autoStart: false })
    // The study helper's tasks have no suite here: the store knows no task, so the page's task
    // list comes from the rows (para and facts inferred learned from their base scores).
    studyId = seedStudy(seeding.store, seeding.dataDir, studyCells(), { name: 'hand-made study', description: 'Four checkpoints, nli and reverse fine-tuned from each.', schedule: SCHEDULE }).id
    baseOnlyId = seedStudy(seeding.store, seeding.dataDir, studyCells().filter((c) => c.role === 'base'), { name: 'base only' }).id
    seeding.close()
    wb = await openWorkbench(chromiumPath!, dir.path)
    page = wb.page
  })
  afterAll(async () => {
    await wb?.close()
    dir.cleanup()
  })

  it('draws every finding’s figure under its sentence and verdict', async () => {
    const nav = page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Study' })
    await nav.waitFor(WAIT)
    expect(await nav.getAttribute('href')).toBe('#/study')
    await page.evaluate((id) => (window.location.hash = `#/study/${id}`), studyId)
    await allDrawn()
    const shown = await page.evaluate(() => window.__continuumStudy!.findings.map((f) => [f.id, f.verdict, f.statement]))
    // The page's task list comes from the store (no suite, no datasets: learned is inferred), so
    // the findings are the ones computed from the rows with every mark removed but the corpus.
    const inferred = computeFindings(rowsOf(studyCells()), STUDY_TASKS.map((t) => ({ ...t, learned: null })))
    expect(shown).toEqual(inferred.map((f) => [f.id, f.verdict, f.statement]))
    for (const f of inferred) {
      const card = page.getByTestId(`finding-${f.id}`)
      await expect.poll(() => card.getByTestId('statement').textContent()).toBe(f.statement)
      expect(await card.getByTestId(`figure-${f.id}`).locator('canvas').count()).toBeGreaterThan(0)
    }
    expect(await page.getByTestId('study-summary').textContent()).toMatch(/^\d of 9 findings hold/)
    expect(wb.pageErrors).toEqual([])
  })

  it('exports a figure as SVG that parses and as PNG at twice its size', async () => {
    const card = page.getByTestId('finding-latent-gains')
    await card.getByTestId('export-latent-gains').click()
    const svg = await download(() => page.getByRole('menuitem', { name: 'SVG' }).click())
    expect(svg.name).toBe('finding-1-latent-gains-fine-tuning-reveals-what-pre-training-built.svg')
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml')
      return { error: doc.querySelector('parsererror')?.textContent ?? null, root: doc.documentElement.nodeName, paths: doc.querySelectorAll('path').length, text: doc.documentElement.textContent ?? '' }
    }, svg.bytes.toString('utf8'))
    expect(parsed.error).toBeNull()
    expect(parsed.root).toBe('svg')
    expect(parsed.paths).toBeGreaterThan(10)
    expect(parsed.text).toContain('nli fine-tuned')

    const box = (await card.getByTestId('figure-latent-gains').boundingBox())!
    await card.getByTestId('export-latent-gains').click()
    const png = await download(() => page.getByRole('menuitem', { name: 'PNG' }).click())
    expect(png.name.endsWith('.png')).toBe(true)
    expect(pngSize(png.bytes)).toEqual({ width: Math.round(box.width) * 2, height: Math.round(box.height) * 2 })
    expect(wb.pageErrors).toEqual([])
  })

  it('downloads a self-contained HTML report with the findings, figures, tables, schedule and environment', async () => {
    const report = await download(() => page.getByTestId('download-report').click())
    expect(report.name).toBe(`study-${studyId}-hand-made-study.html`)
    const html = report.bytes.toString('utf8')
    const findings = await page.evaluate(() => window.__continuumStudy!.findings)
    const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
    for (const f of findings) expect(html).toContain(escape(f.statement))
    // One table of numbers per finding that has numbers, and the environment's.
    expect(html.match(/<table>/g)!.length).toBe(findings.filter((f) => f.numbers.length > 0).length + 1)
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(9)
    expect(html).toContain('<td>nli fine-tuned from step 25</td><td class="n">0.40</td><td class="n">0.36</td><td class="n">0.44</td>')
    expect(html).toContain('&quot;steps&quot;: [')
    expect(html).toMatch(/<td>Continuum<\/td><td>[^<]+<\/td>/)
    expect(html).not.toMatch(/<script|<link|src="http/)

    // Opened on its own with every request refused, it shows the findings and asks for nothing.
    const offline = await wb.browser.newPage()
    const requests: string[] = []
    await offline.route('**/*', (route) => {
      requests.push(route.request().url())
      return route.abort()
    })
    await offline.setContent(html)
    expect(await offline.locator('section[id^="finding-"]').count()).toBe(9)
    expect(await offline.locator('figure svg').count()).toBeGreaterThanOrEqual(9)
    expect(requests).toEqual([])
    await offline.close()
    expect(wb.pageErrors).toEqual([])
  })

  it('says what is not shown, and why, on an experiment with base evaluations only', async () => {
    await page.evaluate((id) => (window.location.hash = `#/study/${id}`), baseOnlyId)
    await expect.poll(() => page.getByTestId('finding-latent-gains').getByTestId('statement').textContent(), WAIT).toBe('Not shown: no fine-tune without replay is evaluated on its own task.')
    expect(await page.locator('[data-verdict="cannot-judge"]').count()).toBe(9)
    expect(wb.pageErrors).toEqual([])
  })

  it('takes screenshots at 1024 and 1440 px, light and dark', async () => {
    await page.evaluate((id) => (window.location.hash = `#/study/${id}`), studyId)
    await allDrawn()
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 1000 })
      for (const scheme of ['Light', 'Dark'] as const) {
        await setScheme(page, scheme)
        await allDrawn()
        await page.waitForTimeout(400)
        await page.screenshot({ path: join(SHOTS, `study-${width}-${scheme.toLowerCase()}.png`), fullPage: true })
      }
    }
    await setScheme(page, 'Light')
    expect(wb.pageErrors).toEqual([])
  }, 240_000)
})
