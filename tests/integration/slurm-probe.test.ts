/**
 * Settings' "Test" of a cluster profile (issue 15), with this machine's real sinfo where it is
 * installed: a missing sinfo says so plainly; with a slurm.conf whose controller is not
 * running, the version still answers and the partition list fails with Slurm's own message; a
 * sinfo that hangs is stopped at the timeout; a missing cluster folder is named.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ClusterProfile } from '../../shared'
import { parsePartitions, testClusterProfile } from '../../electron/core/system/slurm-probe'
import { pathPolicy } from '../../electron/core/system/path-policy'
import { tempDir } from '../helpers/temp'

const dir = tempDir('continuum-slurm-probe-')
afterAll(() => dir.cleanup())
const shared = join(dir.path, 'shared')
mkdirSync(shared)
const profile = ClusterProfile.parse({ clusterDir: shared, partition: 'debug' })
const hasSinfo = ['/usr/bin/sinfo', '/usr/local/bin/sinfo'].some((p) => existsSync(p))

/** A slurm.conf naming a controller on a local port nothing listens on. */
function deadControllerConf(): string {
  const conf = join(dir.path, 'slurm.conf')
  writeFileSync(conf, 'ClusterName=probe\nSlurmctldHost=localhost\nSlurmctldPort=6999\nNodeName=localhost CPUs=2\nPartitionName=debug Nodes=localhost Default=YES\n')
  return conf
}

describe('testClusterProfile', () => {
  it('says plainly that sinfo is missing, once, and names a missing cluster folder', async () => {
    const result = await testClusterProfile({ ...profile, clusterDir: join(dir.path, 'nowhere') }, { env: { PATH: join(dir.path, 'empty-bin') } })
    expect(result.ok).toBe(false)
    expect(result.version).toBeNull()
    expect(result.problems).toEqual([
      'sinfo is not installed on this machine (not found on PATH). Install the Slurm client (Debian: slurm-client) or run Continuum on a login node.',
      `The cluster folder ${join(dir.path, 'nowhere')} does not exist on this machine; it must be on the shared file system at the same path here and on the nodes.`,
    ])
  })

  it('does not look at a cluster folder outside the folders a served client may name', async () => {
    const data = join(dir.path, 'data')
    mkdirSync(data, { recursive: true })
    const outside = await testClusterProfile({ ...profile, clusterDir: join(dir.path, 'nowhere') }, { env: { PATH: join(dir.path, 'empty-bin') }, folders: pathPolicy([data]) })
    const seen = await testClusterProfile(profile, { env: { PATH: join(dir.path, 'empty-bin') }, folders: pathPolicy([data]) })
    // The same words whether the folder exists or not.
    expect(outside.problems[1]).toMatch(/^The cluster folder was not checked: .*nowhere is outside the folders this server may write to/)
    expect(seen.problems[1]!.replace(shared, 'X')).toBe(outside.problems[1]!.replace(join(dir.path, 'nowhere'), 'X'))
    const inside = await testClusterProfile({ ...profile, clusterDir: join(data, 'cluster') }, { env: { PATH: join(dir.path, 'empty-bin') }, folders: pathPolicy([data]) })
    expect(inside.problems[1]).toMatch(/^The cluster folder .*cluster does not exist on this machine/)
  })

  it.skipIf(!hasSinfo)('passes on Slurm\'s own error when the controller does not answer', async () => {
    const result = await testClusterProfile(profile, { env: { PATH: process.env.PATH, SLURM_CONF: deadControllerConf() } })
    expect(result.version).toMatch(/^slurm(-wlm)? \d+\.\d+/)
    expect(result.ok).toBe(false)
    expect(result.partitions).toEqual([])
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]).toMatch(/^sinfo -h -o %P failed \(exit 1\): slurm_load_partitions: Unable to contact slurm controller/)
  }, 30_000)

  it.skipIf(!hasSinfo)('reports a broken slurm.conf once, in Slurm\'s words', async () => {
    const conf = join(dir.path, 'broken.conf')
    writeFileSync(conf, 'SlurmctldHost=localhost\n')
    const result = await testClusterProfile(profile, { env: { PATH: process.env.PATH, SLURM_CONF: conf } })
    expect(result.version).toBeNull()
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]).toMatch(/^sinfo --version failed \(exit 1\): [^]*ClusterName needs to be specified/)
  }, 30_000)

  it.skipIf(!hasSinfo)('stops a sinfo that does not answer in time', async () => {
    const started = Date.now()
    const result = await testClusterProfile(profile, { env: { PATH: process.env.PATH, SLURM_CONF: deadControllerConf() }, timeoutMs: 1000 })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(result.problems).toContain('sinfo -h -o %P did not answer within 1 s (is slurmctld reachable from here?).')
  })
})

describe('parsePartitions', () => {
  it('reads sinfo\'s %P list with its default mark, once a name', () => {
    expect(parsePartitions('debug*\ngpu\ngpu\n\n')).toEqual({ partitions: [{ name: 'debug', isDefault: true }, { name: 'gpu', isDefault: false }], problems: [] })
  })
  it('refuses a line that is not a partition name', () => {
    expect(parsePartitions('debug*\nsinfo: error: oops\n').problems).toEqual(['sinfo -h -o %P, line 2: "sinfo: error: oops" is not a partition name'])
  })
})
