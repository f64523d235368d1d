/**
 * The workbench in headless Chromium, without vitest: a host serving the built renderer on a
 * service and a page open on it. Scripts run outside vitest import it (shoot-pages.ts, which
 * vitest's CommonJS guard refuses when it comes through browser.ts); tests take it from browser.ts.
 */
import type { Browser, Page } from 'playwright-core'
import { openService, type Service } from '../../electron/core/service'
import { startHost, type Host } from '../../electron/host/server'
import { builtRenderer, launchChromium } from './chromium'

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
