/**
 * The e2e suites' workbench: a service, the host and a Chromium page on it, and the vitest
 * hooks that open and close one per describe block. Finding Chromium is in chromium.ts.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { openService, type Service } from '../../electron/core/service'
import { startHost, type Host } from '../../electron/host/server'
import { tempDir } from '../helpers/temp'
import { builtRenderer, launchChromium } from './chromium'

export { CHROMIUM_ARGS, builtRenderer, findChromium, launchChromium } from './chromium'

export interface Workbench {
  service: Service
  host: Host
  browser: Browser
  page: Page
  /** Uncaught page errors and console errors, for a suite to assert none happened. */
  pageErrors: string[]
  close(): Promise<void>
}

export interface WorkbenchOptions {
  /** Default 1440 × 1000. */
  viewport?: { width: number; height: number }
}

/**
 * The host serving the built renderer on a service, and a light-scheme page open on it with the
 * host's token, collecting page and console errors. `data` is the data folder to open a service
 * on, or a service the suite opened itself to seed rows before the page first loads (it is closed
 * with the rest).
 */
export async function openWorkbench(chromiumPath: string, data: string | Service, options: WorkbenchOptions = {}): Promise<Workbench> {
  const staticDir = builtRenderer()
  const service = typeof data === 'string' ? openService(data) : data
  const host = await startHost({ service, staticDir })
  const browser = await launchChromium(chromiumPath)
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 1000 }, colorScheme: 'light' })
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console: ${message.text()} ${JSON.stringify(message.location())}`)
  })
  await page.goto(`${host.url.replace(/#.*/, '')}#token=${host.token}`)
  return {
    service,
    host,
    browser,
    page,
    pageErrors,
    close: async () => {
      await browser.close()
      await host.close()
      service.close()
    },
  }
}

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
