/**
 * A checkpoint a cluster job reports is copied from its job folder into the run's checkpoint
 * folder in the data dir before the store records it, so the store's paths stay local and a
 * child job can be staged from it. The copy is checked against the sha256 the worker reported
 * (of the manifest) and every file against the manifest, then renamed into place: the store
 * never records a half-copied or altered folder.
 */
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { AppError } from '../errors'
import { CheckpointManifest, MANIFEST_FILE } from '../engine/checkpoint/format'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Copies `source` to `<localDir>/<its name>` (once: an existing verified copy is kept). Returns the local path. */
export function copyCheckpointBack(source: string, localDir: string, expectedSha: string): string {
  const target = join(localDir, basename(source))
  if (existsSync(target)) {
    verify(target, expectedSha)
    return target
  }
  mkdirSync(localDir, { recursive: true })
  const temp = join(dirname(target), `.${basename(target)}.copy-${process.pid}`)
  rmSync(temp, { recursive: true, force: true })
  cpSync(source, temp, { recursive: true })
  try {
    verify(temp, expectedSha)
  } catch (error) {
    rmSync(temp, { recursive: true, force: true })
    throw error
  }
  renameSync(temp, target)
  return target
}

function verify(dir: string, expectedSha: string): void {
  const manifestBytes = readFileSync(join(dir, MANIFEST_FILE))
  const actual = sha256(manifestBytes)
  if (actual !== expectedSha)
    throw new AppError('IO', `The checkpoint copied to ${dir} has manifest sha256 ${actual.slice(0, 12)}…, but the cluster worker reported ${expectedSha.slice(0, 12)}…`)
  const manifest = CheckpointManifest.parse(JSON.parse(manifestBytes.toString('utf8')))
  for (const [name, digest] of Object.entries(manifest.files)) {
    if (!digest) continue
    const bytes = readFileSync(join(dir, name))
    if (bytes.length !== digest.bytes || sha256(bytes) !== digest.sha256) throw new AppError('IO', `${name} in the checkpoint copied to ${dir} does not match its manifest`)
  }
}
