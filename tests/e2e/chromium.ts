/**
 * Finds the Chromium the e2e suite and the UI benchmarks drive. CHROMIUM_PATH wins, else
 * Debian's /usr/bin/chromium. Without one the suite is skipped with a warning on a workstation,
 * and fails on CI (or when CONTINUUM_REQUIRE_E2E is set), where skipping would hide a broken
 * renderer. No vitest here: bench:ui and bench:heatmap run outside vitest and import this.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium, type Browser } from 'playwright-core'

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
