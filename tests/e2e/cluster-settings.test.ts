/**
 * Issue 15, part 5, in Chromium through the host: Settings' cluster profile is filled in
 * (an error shows under its field), saved into the data folder, found again after a reload,
 * tested against this machine's sinfo; the schedule editor's dry run then offers the cluster
 * and says where the jobs run and how long they take there, N at a time.
 * CONTINUUM_SHOTS=<folder> also writes screenshots of both pages at 1024 and 1440 px.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ClusterProfile } from '../../shared'
import { clusterProfilePath } from '../../electron/core/system/cluster-profile-file'
import { tempDir } from '../helpers/temp'
import { findChromium, openWorkbench, type Workbench } from './browser'

const chromiumPath = findChromium()
const WAIT = { timeout: 15_000 }
const SHOTS = process.env.CONTINUUM_SHOTS

describe.skipIf(chromiumPath === null)('the cluster profile in Settings and the editor', () => {
  const dir = tempDir('continuum-e2e-cluster-')
  const shared = join(dir.path, 'shared-fs')
  mkdirSync(shared)
  let workbench: Workbench | undefined
  let page: Page
  const field = (name: string) => page.locator(`[data-field="${name}"]`)
  const go = async (hash: string) => {
    await page.evaluate((h) => (window.location.hash = h), hash)
    await page.waitForLoadState('networkidle')
  }
  /** The whole page, and the section a person should look at (`part`) on its own. */
  const shoot = async (name: string, part: string) => {
    if (!SHOTS) return
    mkdirSync(SHOTS, { recursive: true })
    for (const width of [1024, 1440]) {
      await page.setViewportSize({ width, height: 900 })
      await page.waitForTimeout(400)
      await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true })
      await page.locator(part).screenshot({ path: join(SHOTS, `${name}-${width}-part.png`) })
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${name} at ${width} px is wider than the window`).toBe(0)
    }
    await page.setViewportSize({ width: 1440, height: 1000 })
  }

  beforeAll(async () => {
    workbench = await openWorkbench(chromiumPath!, join(dir.path, 'data'))
    page = workbench.page
  }, 60_000)
  afterAll(async () => {
    await workbench?.close()
    dir.cleanup()
  })

  it('shows the defaults, names a bad field under it, saves, and finds the profile after a reload', async () => {
    await go('#/settings')
    const card = page.getByTestId('cluster-profile')
    await card.waitFor(WAIT)
    expect(await field('timeLimit').inputValue()).toBe('1:00:00')
    expect(await field('cpusPerJob').inputValue()).toBe('2')
    expect(await field('maxParallel').inputValue()).toBe('16')
    expect(await field('nodeCommand').inputValue()).toBe('node')

    await field('clusterDir').fill('relative/folder')
    await expect.poll(() => field('clusterDir').getAttribute('aria-invalid'), WAIT).toBe('true')
    await card.getByText('must be an absolute path').waitFor(WAIT)
    await field('extraSbatch').fill('--qos=short\nqos=long')
    await card.getByText('option 2: must be an sbatch option starting with "-"').waitFor(WAIT)

    await field('name').fill('hpc')
    await field('clusterDir').fill(shared)
    await field('partition').fill('debug')
    await field('cpusPerJob').fill('4')
    await field('maxParallel').fill('8')
    await field('extraSbatch').fill('--qos=short')
    await expect.poll(() => field('clusterDir').getAttribute('aria-invalid')).not.toBe('true')
    await page.getByTestId('cluster-save').click()
    await page.getByTestId('cluster-remove').waitFor(WAIT)

    const file = clusterProfilePath(workbench!.service.dataDir)
    expect(ClusterProfile.parse(JSON.parse(readFileSync(file, 'utf8')))).toEqual(
      ClusterProfile.parse({ name: 'hpc', clusterDir: shared, partition: 'debug', cpusPerJob: 4, maxParallel: 8, extraSbatch: ['--qos=short'] }),
    )

    await page.reload()
    await go('#/settings')
    await page.getByTestId('cluster-profile').waitFor(WAIT)
    await expect.poll(() => field('clusterDir').inputValue(), WAIT).toBe(shared)
    expect(await field('name').inputValue()).toBe('hpc')
    expect(await field('partition').inputValue()).toBe('debug')
    expect(await field('maxParallel').inputValue()).toBe('8')
    expect(await field('extraSbatch').inputValue()).toBe('--qos=short')
  })

  it('exports the profile.json the CLI takes, and imports one (a bad one named by field)', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cluster-export').click()])
    expect(download.suggestedFilename()).toBe('cluster-profile.json')
    const exported = readFileSync((await download.path())!, 'utf8')
    expect(exported).toBe(readFileSync(clusterProfilePath(workbench!.service.dataDir), 'utf8'))

    const input = page.getByTestId('cluster-import-file')
    await input.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ clusterDir: '/x', gpusPerJob: -1, partiton: 'a' })) })
    const issues = page.getByTestId('cluster-import-issues')
    await issues.waitFor(WAIT)
    expect(await issues.textContent()).toContain('gpusPerJob')
    expect(await issues.textContent()).toContain('partiton: unknown field')
    expect(await field('name').inputValue()).toBe('hpc')

    await input.setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(exported.replace('"hpc"', '"hpc2"')) })
    await expect.poll(() => field('name').inputValue(), WAIT).toBe('hpc2')
    // Imported into the form only: the saved profile is unchanged until Save.
    expect(readFileSync(clusterProfilePath(workbench!.service.dataDir), 'utf8')).toBe(exported)
    await field('name').fill('hpc')
  })

  it('tests the profile with this machine\'s sinfo and shows what it said', async () => {
    await page.getByTestId('cluster-test').click()
    const result = page.getByTestId('cluster-test-result')
    await result.waitFor({ timeout: 40_000 })
    // Without a reachable controller here the test fails with Slurm's (or the missing sinfo's) own words.
    const ok = await result.getAttribute('data-ok')
    if (ok === 'false') expect(await page.getByTestId('cluster-test-problems').textContent()).toMatch(/sinfo/)
    await shoot('settings-cluster', 'section[aria-label="Cluster (Slurm)"]')
  }, 60_000)

  it('places the dry run on this machine or on the saved cluster, N at a time', async () => {
    await go('#/experiments/new')
    await page.getByRole('radio', { name: 'tiny' }).check({ force: true })
    await page.getByRole('button', { name: 'Study template' }).click()
    // The blank schedule's dry run (1 job) can finish before the template's starts: wait for the template's.
    const jobsShown = page.getByTestId('dry-run-jobs')
    await expect.poll(async () => Number((await jobsShown.textContent())?.replace(/,/g, '')), WAIT).toBeGreaterThan(1)
    await page.locator('[data-testid="dry-run"][data-pending="false"]').waitFor(WAIT)
    const placement = page.getByTestId('dry-run-placement')
    const jobs = await jobsShown.textContent()
    expect(await placement.getAttribute('data-executor')).toBe('local')
    await expect.poll(() => placement.textContent(), WAIT).toMatch(new RegExp(`^${jobs} jobs on this machine, \\d+ at a time: ≈ \\d`))
    const localWall = Number(await placement.getAttribute('data-wall-seconds'))

    await page.getByTestId('executor-choice').getByText("Cluster 'hpc'").click()
    await expect.poll(() => placement.getAttribute('data-executor'), WAIT).toBe('slurm')
    await page.locator('[data-testid="dry-run"][data-pending="false"]').waitFor(WAIT)
    expect(await placement.textContent()).toMatch(new RegExp(`^${jobs} jobs on cluster 'hpc', partition debug, 8 at a time: ≈ \\d`))
    expect(Number(await placement.getAttribute('data-wall-seconds'))).not.toBe(localWall)
    expect(await page.getByTestId('executor-cli').textContent()).toContain('--executor slurm --cluster')
    await shoot('editor-dry-run-cluster', '.mantine-Paper-root:has([data-testid="dry-run"])')
    expect(workbench!.pageErrors).toEqual([])
  }, 60_000)
})
