/**
 * `--cluster profile.json`: the same file format and the same reader as the profile Settings
 * saves (core/system/cluster-profile-file.ts); the error names the file and each bad field.
 */
import { readFileSync } from 'node:fs'
import type { ClusterProfile } from '../../shared/schemas/cluster-profile'
import { AppError } from '../core/errors'
import { parseClusterProfile } from '../core/system/cluster-profile-file'

export function readClusterProfile(file: string): ClusterProfile {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new AppError('IO', `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
  return parseClusterProfile(text, file)
}
