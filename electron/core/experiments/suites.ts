/**
 * Built-in suites live in the data folder, generated once per (seed, scale) and checked
 * against their hashes on every load.
 */
import { join } from 'node:path'
import { existsSync } from 'node:fs'
import { SUITE_VERSION, type SuiteScale } from '../../../shared/schemas/task'
import { generateSuite, loadSuite, materializeSuite, trainFileOf, type LoadedSuite } from '../tasks'

export const suiteDir = (dataDir: string, seed: number, scale: SuiteScale): string => join(dataDir, 'suites', `v${SUITE_VERSION}-seed-${seed}-${scale}`)

export async function ensureSuite(dataDir: string, seed: number, scale: SuiteScale): Promise<LoadedSuite & { dir: string }> {
  const dir = suiteDir(dataDir, seed, scale)
  if (!existsSync(dir)) {
    try {
      await materializeSuite(generateSuite({ seed, scale }), dir)
    } catch (error) {
      // Another process materialised it first: the folder is there now, and loading checks it.
      if (!existsSync(dir)) throw error
    }
  }
  return { ...(await loadSuite(dir)), dir }
}

/**
 * The suite's tasks without writing anything: read from the data folder if materialised
 * there, else generated in memory (the same tasks, since generation is a pure function of
 * seed and scale). A dry run uses this, and creates no data folder.
 */
export async function peekSuite(dataDir: string, seed: number, scale: SuiteScale): Promise<{ tasks: LoadedSuite['tasks']; dir: string }> {
  const dir = suiteDir(dataDir, seed, scale)
  if (existsSync(dir)) return { ...(await loadSuite(dir)), dir }
  return { tasks: generateSuite({ seed, scale }).tasks, dir }
}

export const suiteTrainFile = (dir: string, task: string): string => join(dir, trainFileOf(task))
