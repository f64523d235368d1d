/**
 * The Datasets page in Chromium: a task file chosen with the file chooser is uploaded in
 * chunks, imported with its split fractions, listed with its splits, previewed; a malformed
 * file's error reaches the user as a notification naming the file and line. Screenshots at
 * 1024 and 1440 px go to tests/e2e/screenshots/.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findChromium, openWorkbench, type Workbench } from './browser'
import { tempDir } from '../helpers/temp'
import { writeBios } from '../helpers/bios'

const chromium = findChromium()
const dir = tempDir()
const shots = resolve(__dirname, 'screenshots')
let wb: Workbench

describe.skipIf(!chromium)('Datasets page', () => {
  beforeAll(async () => {
    wb = await openWorkbench(chromium!, join(dir.path, 'data'))
  }, 60_000)
  afterAll(async () => {
    await wb?.close()
    dir.cleanup()
  })

  it('imports a task through the file chooser, lists and previews it, and names a bad line', async () => {
    const files = writeBios(dir.path)
    const { page } = wb
    await page.goto(page.url().replace(/#.*$/, '') + '#/datasets')
    await page.getByRole('heading', { name: 'Datasets' }).waitFor()
    await page.getByTestId('import-file').setInputFiles(files.where)
    await expect.poll(() => page.getByTestId('import-name').inputValue()).toBe('where')
    await page.getByLabel('Test fraction').fill('0.25')
    await expect.poll(() => page.getByTestId('split-fractions').textContent()).toMatch(/25% test, 0% out-of-domain, 75% train/)
    await page.getByTestId('import-submit').click()
    const row = page.getByTestId('dataset-row-where')
    await row.waitFor({ timeout: 20_000 })
    await expect.poll(() => row.textContent()).toMatch(/45 \/ 15 \/ 0/)
    expect(wb.service.store.datasets.list().map((d) => d.name)).toEqual(['where'])
    await row.click()
    await expect.poll(() => page.getByTestId('dataset-preview-records').textContent()).toMatch(/Where does Ada Berg live\?/)

    const bad = join(dir.path, 'bad.jsonl')
    writeFileSync(bad, '{"prompt": "a", "completion": "b"}\n{"prompt": "c"\n')
    await page.getByTestId('import-file').setInputFiles(bad)
    await page.getByTestId('import-submit').click()
    await expect.poll(() => page.locator('.mantine-Notification-root').allTextContents(), { timeout: 20_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/bad\.jsonl, line 2: not valid JSON/)]))
    expect(wb.service.store.datasets.list().map((d) => d.name)).toEqual(['where'])

    mkdirSync(shots, { recursive: true })
    for (const width of [1024, 1440]) {
      await page.setViewportSize({ width, height: 1000 })
      await page.waitForTimeout(300)
      await page.screenshot({ path: join(shots, `datasets-${width}.png`), fullPage: true })
    }
  }, 120_000)
})
