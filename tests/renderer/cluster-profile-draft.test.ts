/**
 * The Settings form's draft of a cluster profile: it starts from the schema's defaults, turns
 * typed text back into a profile (blank partition and account are the cluster's defaults,
 * lists one item a line) and lets the schema name what is wrong.
 */
import { describe, expect, it } from 'vitest'
import { ClusterProfile } from '../../shared'
import { checkDraft, draftOf } from '../../renderer/src/pages/cluster-profile-draft'

describe('cluster profile draft', () => {
  it('starts from the schema\'s defaults with the cluster folder to fill in', () => {
    expect(draftOf(null)).toEqual({ name: 'slurm', clusterDir: '', partition: '', account: '', timeLimit: '1:00:00', cpusPerJob: 2, gpusPerJob: 0, extraSbatch: '', nodeCommand: 'node', maxParallel: 16, pollSeconds: 2 })
    expect(checkDraft(draftOf(null)).issues).toEqual([
      { path: 'clusterDir', message: 'a path is required' },
      { path: 'clusterDir', message: 'must be an absolute path' },
    ])
  })

  it('turns typed text back into the profile it came from', () => {
    const profile = ClusterProfile.parse({ name: 'hpc', clusterDir: '/shared/c', partition: 'gpu', extraSbatch: ['--qos=short', '--mem=8G'], nodeCommand: ['/opt/app/Continuum', '--no-sandbox'], cpusPerJob: 8 })
    expect(checkDraft(draftOf(profile)).profile).toEqual(profile)
    const typed = { ...draftOf(profile), partition: '  ', account: ' lab ', extraSbatch: '--qos=short\n\n  --mem=8G  \n', cpusPerJob: '4' }
    expect(checkDraft(typed).profile).toEqual({ ...profile, partition: null, account: 'lab', cpusPerJob: 4 })
  })

  it('lets the schema name a number typed as words, a blank number and a bad list item', () => {
    const issues = checkDraft({ ...draftOf(null), clusterDir: '/c', cpusPerJob: 'four', maxParallel: '', nodeCommand: 'node\nbad\u0000arg' }).issues.map((i) => i.path)
    expect(issues).toEqual(expect.arrayContaining(['cpusPerJob', 'maxParallel', 'nodeCommand[1]']))
  })
})
