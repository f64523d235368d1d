/**
 * The e2e suites' workbench: a service, the host and a Chromium page on it, and the vitest
 * hooks that open and close one per describe block. Finding Chromium is in chromium.ts.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { tempDir } from '../helpers/temp'
import type { Workbench } from './open-workbench'

export { CHROMIUM_ARGS, builtRenderer, findChromium, launchChromium } from './chromium'
export { openWorkbench, type Workbench, type WorkbenchOptions } from './open-workbench'

/**
 * The workbench of one describe block, on a temp folder of its own: `open` (which may seed the
 * folder first) opens it before the block's tests; after them it is closed and the folder
 * removed. Hooks and tests read it as `suite.wb`.
 */
export function workbenchSuite(prefix: string, open: (dir: string) => Promise<Workbench>, timeout = 60_000): { readonly dir: string; readonly wb: Workbench } {
  const dir = tempDir(prefix)
  let wb: Workbench | undefined
  beforeAll(async () => {
    wb = await open(dir.path)
  }, timeout)
  afterAll(async () => {
    await wb?.close()
    dir.cleanup()
  })
  return {
    dir: dir.path,
    get wb() {
      if (!wb) throw new Error('the suite opens its workbench in beforeAll: read suite.wb inside hooks and tests')
      return wb
    },
  }
}

/** Picks a colour scheme with the header's radio group, as a keyboard user would, and moves the mouse out of the picture. */
export async function setScheme(page: Page, name: 'Light' | 'Dark'): Promise<void> {
  await page.getByRole('banner').getByRole('radio', { name }).focus()
  await page.keyboard.press('Space')
  await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe(name.toLowerCase())
  await page.mouse.move(0, 0)
}
