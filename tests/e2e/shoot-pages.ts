/**
 * Screenshots of every page of a data folder at 1024 and 1440 px, for a person to look at:
 * `npx tsx tests/e2e/shoot-pages.ts <data folder> <out folder> [light|dark]`. Needs `npm run build`.
 * Pages are found from the store: the first experiment, its first fine-tune and checkpoint.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { findChromium } from './chromium'
import { openWorkbench } from './open-workbench'

async function main() {
  const [dataDir, out, scheme = 'light'] = process.argv.slice(2)
  if (!dataDir || !out) throw new Error('usage: shoot-pages.ts <data folder> <out folder> [light|dark]')
  const chromium = findChromium()
  if (!chromium) throw new Error('no Chromium')
  mkdirSync(out, { recursive: true })
  const wb = await openWorkbench(chromium, dataDir)
  try {
    const { store } = wb.service
    const runs = store.runs.list({})
    const finetune = runs.find((r) => r.kind === 'finetune' && r.status === 'completed') ?? runs[0]
    const experiment = store.experiments.list()[0]
    const checkpoint = finetune ? store.checkpoints.listByRun(finetune.id)[0] : undefined
    const others = runs.filter((r) => r.kind === 'finetune').slice(0, 3)
    const pages: [string, string][] = [
      ['runs', '#/runs'],
      ['run', finetune ? `#/runs/${finetune.id}` : '#/runs'],
      ['experiments', '#/experiments'],
      ['experiment', experiment ? `#/experiments/${experiment.id}` : '#/experiments'],
      ['experiment-new', '#/experiments/new'],
      ['checkpoints', '#/checkpoints'],
      ['checkpoint', checkpoint ? `#/checkpoints/${checkpoint.id}` : '#/checkpoints'],
      ['forgetting', experiment ? `#/forgetting/${experiment.id}` : '#/forgetting'],
      ['compare', `#/compare?runs=${others.map((r) => r.id).join(',')}`],
      ['study', '#/study'],
      ['datasets', '#/datasets'],
      ['settings', '#/settings'],
    ]
    const page = wb.page
    await page.emulateMedia({ colorScheme: scheme === 'dark' ? 'dark' : 'light' })
    for (const width of [1024, 1440]) {
      await page.setViewportSize({ width, height: 900 })
      for (const [name, hash] of pages) {
        await page.evaluate((h) => (window.location.hash = h), hash)
        await page.waitForLoadState('networkidle')
        await page.waitForTimeout(1200)
        await page.mouse.move(0, 0)
        const path = join(out, `${name}-${width}.png`)
        await page.screenshot({ path, fullPage: true })
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
        console.log(`${path}${overflow > 0 ? ` (page ${overflow} px wider than the window)` : ''}`)
      }
    }
    if (wb.pageErrors.length) console.log('page errors:', wb.pageErrors)
  } finally {
    await wb.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
