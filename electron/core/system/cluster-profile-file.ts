/**
 * The cluster profile Settings saves (issue 15): <data folder>/cluster-profile.json, the same
 * file format the CLI's `--cluster profile.json` reads. It lives in the data folder, not in the
 * desktop app's settings file, so the app and `npm run serve` on the same folder (which share
 * its runs and its job queue) see one profile, and it survives a restart in both.
 * Written atomically: a fsynced sibling file renamed over the old one.
 */
import { readFile, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ClusterProfile, describeIssues, profileJson, readProfileJson, type ClusterProfileState } from '../../../shared'
import { fsyncDir, siblingPath, writeFileDurable } from '../fs/durable'
import { AppError } from '../errors'

export const CLUSTER_PROFILE_FILE = 'cluster-profile.json'

export const clusterProfilePath = (dataDir: string): string => join(dataDir, CLUSTER_PROFILE_FILE)

/** Parses a profile.json's text; the error names the file and each bad field. */
export function parseClusterProfile(text: string, file: string): ClusterProfile {
  const checked = readProfileJson(text)
  if (checked.profile === null) throw new AppError('BAD_REQUEST', `${file} is not a valid cluster profile: ${describeIssues(checked.issues)}`, { issues: checked.issues })
  return checked.profile
}

/** The saved profile; a missing file is no profile, a broken one is reported (and not used). */
export async function readClusterProfile(dataDir: string): Promise<ClusterProfileState> {
  const path = clusterProfilePath(dataDir)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, profile: null, problem: null }
    return { path, profile: null, problem: `Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}` }
  }
  try {
    return { path, profile: parseClusterProfile(text, path), problem: null }
  } catch (error) {
    return { path, profile: null, problem: error instanceof Error ? error.message : String(error) }
  }
}

/** Saves the profile (null removes the file) and returns what is saved now. */
export async function writeClusterProfile(dataDir: string, profile: ClusterProfile | null): Promise<ClusterProfileState> {
  const path = clusterProfilePath(dataDir)
  if (profile === null) {
    await rm(path, { force: true })
    return { path, profile: null, problem: null }
  }
  const staged = siblingPath(path, 'tmp')
  try {
    await writeFileDurable(staged, [new TextEncoder().encode(profileJson(ClusterProfile.parse(profile)))])
    await rename(staged, path)
  } catch (error) {
    await rm(staged, { force: true })
    throw new AppError('IO', `Cannot save the cluster profile to ${path}: ${error instanceof Error ? error.message : String(error)}`)
  }
  await fsyncDir(dirname(path))
  return { path, profile, problem: null }
}
