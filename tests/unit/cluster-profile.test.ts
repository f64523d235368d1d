/**
 * The cluster profile (issue 15): the shared schema names each bad field; Settings saves it
 * through the contract into the data folder atomically, a new service on the same folder (a
 * restart) reads it back, a hand-broken file is reported by field, and the dry run places the
 * jobs on this machine or on the saved cluster with their wall time.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ORPCError } from '@orpc/server'
import { Store } from '../../electron/core/store'
import { clusterProfilePath, parseClusterProfile } from '../../electron/core/system/cluster-profile-file'
import { clusterTarget, estimatePlacement, localTarget } from '../../electron/core/experiments/placement'
import { threadSpeedup } from '../../electron/core/experiments/throughput'
import { ClusterProfile, checkProfile, profileJson, type ClusterProfileInput, type ExperimentScheduleInput } from '../../shared'
import { routerClient } from '../helpers/router-client'
import { tempDir } from '../helpers/temp'

const good: ClusterProfileInput = { name: 'hpc', clusterDir: '/shared/continuum', partition: 'gpu', account: 'lab-7', timeLimit: '2:00:00', cpusPerJob: 4, gpusPerJob: 1, extraSbatch: ['--qos=short'], nodeCommand: ['/opt/node-22/bin/node'], maxParallel: 8, pollSeconds: 5 }

describe('ClusterProfile validation', () => {
  it('fills every default from a cluster folder alone', () => {
    expect(ClusterProfile.parse({ clusterDir: '/shared/c' })).toEqual({
      name: 'slurm',
      clusterDir: '/shared/c',
      partition: null,
      account: null,
      timeLimit: '1:00:00',
      cpusPerJob: 2,
      gpusPerJob: 0,
      extraSbatch: [],
      nodeCommand: ['node'],
      maxParallel: 16,
      pollSeconds: 2,
    })
  })

  // Each bad field, and the path and message its issue must carry.
  const bad: [string, Record<string, unknown>, string, string][] = [
    ['a relative cluster folder', { clusterDir: 'shared/c' }, 'clusterDir', 'must be an absolute path'],
    ['a partition with a space', { partition: 'gpu long' }, 'partition', 'letters, digits, ".", "_" and "-" only'],
    ['an account with a semicolon', { account: 'lab;rm' }, 'account', 'letters, digits, ".", "_" and "-" only'],
    ['a time limit in hours', { timeLimit: '2h' }, 'timeLimit', 'must be a Slurm time such as 60, 2:00:00 or 1-12:00:00'],
    ['no CPUs', { cpusPerJob: 0 }, 'cpusPerJob', ''],
    ['half a GPU', { gpusPerJob: 0.5 }, 'gpusPerJob', ''],
    ['an sbatch line that is not an option', { extraSbatch: ['--qos=short', 'qos=long'] }, 'extraSbatch[1]', 'must be an sbatch option starting with "-"'],
    ['an sbatch line with a newline', { extraSbatch: ['--qos=a\n#SBATCH --x'] }, 'extraSbatch[0]', 'must be a single line'],
    ['an empty node command', { nodeCommand: [] }, 'nodeCommand', 'needs at least the program'],
    ['an empty node argument', { nodeCommand: ['node', ''] }, 'nodeCommand[1]', 'must not be empty'],
    ['no parallel jobs', { maxParallel: 0 }, 'maxParallel', ''],
    ['a poll every 10 ms', { pollSeconds: 0.01 }, 'pollSeconds', ''],
    ['a misspelt field', { partiton: 'gpu' }, 'partiton', 'unknown field'],
  ]
  for (const [what, change, path, message] of bad) {
    it(`refuses ${what}, naming ${path}`, () => {
      const checked = checkProfile({ ...good, ...change })
      expect(checked.profile).toBeNull()
      const issue = checked.issues.find((i) => i.path === path)
      expect(issue, JSON.stringify(checked.issues)).toBeDefined()
      expect(issue!.message).toContain(message)
    })
  }
})

const schedule: ExperimentScheduleInput = {
  name: 'x',
  model: { layers: 1, heads: 1, width: 8, context: 8, vocab: 257 },
  suite: { seed: 0, scale: 'tiny' },
  pretrain: { length: { steps: 10 }, batch: 2, lr: { kind: 'constant', lr: 1e-3 }, checkpoints: { kind: 'every', steps: 5 } },
  branches: [{ name: 'ft', from: 'final', tasks: ['nli', 'qa'], length: { steps: 4 }, batch: 2, lr: { kind: 'constant', lr: 1e-3 } }],
}

describe('the cluster calls', () => {
  const dir = tempDir('continuum-cluster-')
  afterAll(() => dir.cleanup())
  let store: Store
  const makeClient = (s: Store, concurrency = 2) => routerClient(s, { dataDir: dir.path, concurrency, transport: 'websocket', readable: '/tmp' })
  let client: ReturnType<typeof makeClient>
  beforeEach(() => {
    store = Store.open(':memory:')
    client = makeClient(store)
  })
  afterEach(() => store.close())

  it('has no profile until one is saved', async () => {
    await client.cluster.saveProfile({ profile: null })
    expect(await client.cluster.profile()).toEqual({ path: join(dir.path, 'cluster-profile.json'), profile: null, problem: null })
  })

  it('refuses a bad profile naming the field, and writes nothing', async () => {
    await client.cluster.saveProfile({ profile: null })
    const error = await client.cluster.saveProfile({ profile: { ...good, clusterDir: 'relative/dir' } as never }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ORPCError)
    const e = error as ORPCError<string, { issues: { path: string; message: string }[] }>
    expect(e.code).toBe('BAD_REQUEST')
    expect(e.data.issues).toContainEqual({ path: 'profile.clusterDir', message: 'must be an absolute path' })
    expect(existsSync(clusterProfilePath(dir.path))).toBe(false)
  })

  it('saves atomically, and a restart on the same folder reads the same profile', async () => {
    const saved = await client.cluster.saveProfile({ profile: ClusterProfile.parse(good) })
    expect(saved.profile).toEqual(ClusterProfile.parse(good))
    // No temporary sibling is left behind.
    expect(readdirSync(dir.path).filter((f) => f.includes('cluster-profile'))).toEqual(['cluster-profile.json'])
    // The file is the one the CLI's --cluster reads.
    const text = readFileSync(clusterProfilePath(dir.path), 'utf8')
    expect(text).toBe(profileJson(ClusterProfile.parse(good)))
    expect(parseClusterProfile(text, 'profile.json')).toEqual(ClusterProfile.parse(good))
    const other = Store.open(':memory:')
    try {
      expect((await makeClient(other).cluster.profile()).profile).toEqual(ClusterProfile.parse(good))
    } finally {
      other.close()
    }
  })

  it('reports a hand-broken file by field instead of using it', async () => {
    writeFileSync(clusterProfilePath(dir.path), JSON.stringify({ ...good, timeLimit: 'soon', cpusPerJob: -1 }))
    const state = await client.cluster.profile()
    expect(state.profile).toBeNull()
    expect(state.problem).toContain('timeLimit: must be a Slurm time')
    expect(state.problem).toContain('cpusPerJob: ')
    writeFileSync(clusterProfilePath(dir.path), '{"clusterDir": "/x",')
    expect((await client.cluster.profile()).problem).toMatch(/cluster-profile\.json is not a valid cluster profile: \(file\): not JSON/)
  })

  it('places a dry run on this machine, or on the saved cluster with its parallel slots', async () => {
    const local = await client.experiments.dryRun({ schedule })
    expect(local.placement).toMatchObject({ executor: 'local', where: 'this machine', jobs: local.jobs, slots: 2 })
    expect(local.placement.line).toMatch(new RegExp(`^${local.jobs} jobs on this machine, 2 at a time: ≈ \\d`))

    await client.cluster.saveProfile({ profile: null })
    const none = await client.experiments.dryRun({ schedule, executor: 'slurm' }).then(
      () => null,
      (e: unknown) => e as ORPCError<string, { issues: { path: string }[] }>,
    )
    expect(none?.code).toBe('BAD_REQUEST')
    expect(none?.message).toContain('No cluster profile is saved for this data folder')

    await client.cluster.saveProfile({ profile: ClusterProfile.parse(good) })
    const slurm = await client.experiments.dryRun({ schedule, executor: 'slurm' })
    expect(slurm.placement).toMatchObject({ executor: 'slurm', where: "cluster 'hpc', partition gpu", slots: 8 })
    expect(slurm.placement.line).toMatch(new RegExp(`^${slurm.jobs} jobs on cluster 'hpc', partition gpu, 8 at a time: ≈ `))
    // One pre-train, then its fine-tunes side by side: the wall time is the pre-train plus the longest fine-tune.
    expect(slurm.placement.wallSeconds).toBeCloseTo(slurm.placement.criticalPathSeconds, 9)
    expect(slurm.placement.wallSeconds).toBeLessThan(slurm.placement.serialSeconds)
  })
})

describe('estimatePlacement', () => {
  // pre (10,000 tokens) → f1, f2 (6,000 each), at 1,000 tokens/s for one job alone on 2 cores.
  const jobs = [
    { key: 'pre', tokens: 10_000, dependsOn: [] },
    { key: 'f1', tokens: 6_000, dependsOn: ['pre'] },
    { key: 'f2', tokens: 6_000, dependsOn: ['pre'] },
  ]
  const s2 = threadSpeedup(2) // 1.75: two threads are 1.75× one

  it('shares this machine\'s cores as the runner does', () => {
    // pre alone on 2 threads: 10 s. f1 and f2 start together on 1 thread each: 6 × 1.75 = 10.5 s. Wall 20.5 s.
    const p = estimatePlacement(jobs, 1000, { executor: 'local', concurrency: 2, cores: 2 })
    expect(p.wallSeconds).toBeCloseTo(10 + 6 * s2, 9)
    expect(p.serialSeconds).toBeCloseTo(22, 9)
    expect(p.line).toBe('3 jobs on this machine, 2 at a time: ≈ 21 s of training')
    // One at a time: 10 + 6 + 6 = 22 s.
    expect(estimatePlacement(jobs, 1000, { executor: 'local', concurrency: 1, cores: 2 }).wallSeconds).toBeCloseTo(22, 9)
    expect(localTarget(3)).toMatchObject({ executor: 'local', concurrency: 3 })
  })

  it('gives each cluster job its own CPUs, as fast as this machine\'s', () => {
    // One CPU a job is 1.75× slower than this machine's two: pre 17.5 s, then both fine-tunes at once 10.5 s. Wall 28 s.
    const profile = ClusterProfile.parse({ ...good, cpusPerJob: 1, partition: null })
    const p = estimatePlacement(jobs, 1000, { ...clusterTarget(profile), cores: 2 })
    expect(p.wallSeconds).toBeCloseTo(10 * s2 + 6 * s2, 9)
    expect(p.line).toBe("3 jobs on cluster 'hpc', its default partition, 8 at a time: ≈ 28 s of training")
    expect(p.basis).toContain('1 CPU a job')
    expect(p.basis).toContain('the 1 GPU a job are not counted')
  })
})
