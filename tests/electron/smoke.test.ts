/**
 * Smoke test of the real desktop app through Playwright's Electron driver. It needs the
 * Electron binary (node_modules/electron/dist, or $ELECTRON_PATH) and better-sqlite3 built for
 * Electron (`npm start` builds it once into .continuum/electron-native/). Where either is
 * missing — e.g. on machines that cannot download Electron — it is skipped and says why.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { _electron as electron, type ElectronApplication } from 'playwright-core'

const root = join(__dirname, '../..')

function electronBinary(): string | { skip: string } {
  if (process.env.ELECTRON_PATH) return existsSync(process.env.ELECTRON_PATH) ? process.env.ELECTRON_PATH : { skip: `ELECTRON_PATH=${process.env.ELECTRON_PATH} does not exist` }
  const pkg = join(root, 'node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  if (!existsSync(pathFile)) return { skip: 'the Electron binary is not installed (node_modules/electron/path.txt missing: its download failed or was skipped)' }
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : { skip: `the Electron binary ${binary} is missing` }
}

function sqliteBinding(): string | { skip: string } {
  if (process.env.CONTINUUM_SQLITE_BINDING) return process.env.CONTINUUM_SQLITE_BINDING
  const dir = join(root, '.continuum', 'electron-native')
  const found = existsSync(dir) ? readdirSync(dir).map((d) => join(dir, d, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')).find(existsSync) : undefined
  return found ?? { skip: 'better-sqlite3 has not been built for Electron yet (run `npm start` once)' }
}

const binary = electronBinary()
const binding = sqliteBinding()
const built = existsSync(join(root, 'out', 'main', 'index.js'))
const skip = typeof binary !== 'string' ? binary.skip : typeof binding !== 'string' ? binding.skip : !built ? 'the app is not built (run `npm run build`)' : null
if (skip) console.warn(`[electron smoke] skipped: ${skip}`)

describe.skipIf(skip !== null)('desktop app (Electron)', () => {
  let app: ElectronApplication | undefined
  const dataDir = mkdtempSync(join(tmpdir(), 'continuum-electron-'))
  afterAll(async () => {
    await app?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('opens a locked-down window that reaches the main process over the contract', async () => {
    app = await electron.launch({
      executablePath: binary as string,
      args: [join(root, 'out', 'main', 'index.js'), ...(process.platform === 'linux' ? ['--no-sandbox', '--disable-gpu'] : [])],
      env: { ...process.env, CONTINUUM_DATA_DIR: dataDir, CONTINUUM_SQLITE_BINDING: binding as string, ELECTRON_DISABLE_SECURITY_WARNINGS: 'true' },
    })
    const page = await app.firstWindow()
    await expect.poll(() => page.title(), { timeout: 30_000 }).toBe('Continuum')
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    expect(await page.evaluate(() => typeof (globalThis as { continuum?: { connect?: unknown } }).continuum?.connect)).toBe('function')
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)
    await page.evaluate(() => (location.hash = '#/settings'))
    await expect.poll(async () => (await page.locator('[data-testid="data-dir"]').textContent()) ?? '', { timeout: 30_000 }).toContain(dataDir)
  }, 120_000)
})
