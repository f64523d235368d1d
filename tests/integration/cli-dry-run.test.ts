/**
 * `npm run experiment -- <schedule> --dry-run` creates nothing (issue 10, item 8): no data
 * folder and no `continuum.db` for a valid schedule or an invalid one, and on an existing
 * folder it leaves the database's every table as it was and takes no lock. The real CLI.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createExperiment } from '../../electron/core/experiments/create'
import { openService } from '../../electron/core/service'
import { openDatabase } from '../../electron/core/store/database'
import { databaseDigest } from '../helpers/db-digest'
import { tempDir } from '../helpers/temp'
import { tinySchedule } from '../helpers/tiny-schedule'

const dir = tempDir()
afterAll(() => dir.cleanup())

const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '../../electron/cli/experiment.ts'), ...args], { encoding: 'utf8', timeout: 60_000 })
const scheduleFile = (name: string, schedule: unknown) => {
  const file = join(dir.path, `${name}.json`)
  writeFileSync(file, JSON.stringify(schedule))
  return file
}
const digestOf = (db: string) => {
  const d = openDatabase(db, { migrate: false, readonly: true })
  try {
    return databaseDigest(d)
  } finally {
    d.close()
  }
}

describe('a dry run', () => {
  it('of a valid schedule prints the plan and creates no data folder', () => {
    const data = join(dir.path, 'never-made')
    const result = cli([scheduleFile('valid', tinySchedule('dry valid', 300)), '--dry-run', '--data-dir', data])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/dry valid\n[\s\S]*training tokens[\s\S]*\n +1 +1 +0 +0 +0 +19,200 /)
    expect(existsSync(data)).toBe(false)
  }, 60_000)

  it('says where the jobs run: this machine, or the cluster of --cluster, whose bad fields it names', () => {
    const data = join(dir.path, 'never-made-placed')
    const schedule = scheduleFile('placed', tinySchedule('dry placed', 300))
    const here = cli([schedule, '--dry-run', '--concurrency', '3', '--data-dir', data])
    expect(here.stdout).toMatch(/^1 job on this machine, 3 at a time: ≈ \d+ s of training$/m)
    const profile = join(dir.path, 'profile.json')
    writeFileSync(profile, JSON.stringify({ name: 'hpc', clusterDir: '/shared/continuum', partition: 'gpu', maxParallel: 8 }))
    const there = cli([schedule, '--dry-run', '--executor', 'slurm', '--cluster', profile, '--data-dir', data])
    expect(there.stderr).toBe('')
    expect(there.stdout).toMatch(/^1 job on cluster 'hpc', partition gpu, 8 at a time: ≈ \d+ s of training$/m)
    writeFileSync(profile, JSON.stringify({ clusterDir: 'shared', cpusPerJob: 0 }))
    const bad = cli([schedule, '--dry-run', '--executor', 'slurm', '--cluster', profile, '--data-dir', data])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/profile\.json is not a valid cluster profile: .*clusterDir.*cpusPerJob/)
    expect(existsSync(data)).toBe(false)
  }, 60_000)

  it('of an invalid schedule names the field and creates no data folder, even where the suite is needed to find the error', () => {
    const unknownTask = JSON.parse(readFileSync(join(__dirname, '../fixtures/malformed-schedules/unknown-branch-task.json'), 'utf8')) as { schedule: unknown }
    for (const [name, schedule, error] of [
      ['typo', { ...tinySchedule('dry invalid', 300), checkpionts: 3 }, 'checkpionts: unknown field'],
      // Caught only against the built-in suite's task names, which used to be written into the data folder to be read.
      ['unknown-task', unknownTask.schedule, 'branches[0].tasks[1]: unknown task "sentiment"'],
    ] as const) {
      const data = join(dir.path, `never-made-${name}`)
      const result = cli([scheduleFile(name, schedule), '--dry-run', '--data-dir', data])
      expect(result.stderr).toContain(error)
      expect(result.status).toBe(2)
      expect(existsSync(data)).toBe(false)
    }
  }, 60_000)

  it('on an existing data folder leaves the database and the folder as they were', async () => {
    const data = join(dir.path, 'existing')
    const service = openService(data, { autoStart: false })
    await createExperiment(service.store, data, tinySchedule('already there', 50))
    service.close()
    const db = join(data, 'continuum.db')
    const before = { digest: digestOf(db), files: readdirSync(data).sort() }
    const result = cli([scheduleFile('another', tinySchedule('dry on existing', 300)), '--dry-run', '--data-dir', data])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect({ digest: digestOf(db), files: readdirSync(data).sort() }).toEqual(before)
  }, 60_000)
})
