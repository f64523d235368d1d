/**
 * Finds the Chromium the e2e suite drives. CHROMIUM_PATH wins, else Debian's /usr/bin/chromium.
 * Without one the suite is skipped with a warning on a workstation, and fails on CI (or when
 * CONTINUUM_REQUIRE_E2E is set), where skipping would hide a broken renderer.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { openService, type Service } from '../../electron/core/service'
import { startHost, type Host } from '../../electron/host/server'
import { tempDir } from '../helpers/temp'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const isSet = (value: string | undefined) => value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'

/** The Chromium binary to use, or null (after a printed warning) when the suite may be skipped. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = env.CHROMIUM_PATH || '/usr/bin/chromium'
  if (existsSync(path)) return path
  const how = `Install it with "sudo apt-get install -y chromium", or set CHROMIUM_PATH to a Chromium or Chrome binary.`
  const requiredBy = isSet(env.CONTINUUM_REQUIRE_E2E) ? 'CONTINUUM_REQUIRE_E2E' : isSet(env.CI) ? 'CI' : null
  if (requiredBy) throw new Error(`The e2e tests need Chromium, and ${requiredBy} is set so they may not be skipped: ${path} does not exist. ${how}`)
  console.warn(`\n[e2e] SKIPPED: no Chromium at ${path}. ${how}\n`)
  return null
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true })
}

/** The built renderer the host serves; the suite tests what `npm run build` produced. */
export function builtRenderer(root = resolve(__dirname, '../..')): string {
  const dir = join(root, 'out/renderer')
  const index = join(dir, 'index.html')
  if (!existsSync(index)) throw new Error(`The e2e tests need the built renderer, and ${index} is missing. Run "npm run build" first.`)
  const builtAt = statSync(index).mtimeMs
  const newer = newestFile(join(root, 'renderer'))
  if (newer && newer.mtimeMs > builtAt) console.warn(`[e2e] ${newer.path} changed after the last build; run "npm run build" to test it.`)
  return dir
}

function newestFile(dir: string): { path: string; mtimeMs: number } | null {
  let newest: { path: string; mtimeMs: number } | null = null
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    const candidate = entry.isDirectory() ? newestFile(path) : { path, mtimeMs: statSync(path).mtimeMs }
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate
  }
  return newest
}

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
