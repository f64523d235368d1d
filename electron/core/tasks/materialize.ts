/**
 * Writing a suite to a folder a study can point training jobs at:
 *
 *   corpus.txt              the pre-training corpus (UTF-8)
 *   world.json              the world it describes
 *   tasks/<id>.train.jsonl  the training split as {"prompt", "completion"} lines
 *   tasks/<id>.json         the full definition (all splits, template, labels)
 *   suite.json              seed, scale, version and the size and sha256 of every file above
 *
 * The folder is built under a hidden sibling name and renamed into place, so a crash or a full
 * disk leaves either no suite or a complete one, never a half-written folder.
 */
import { mkdir, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { SuiteScale, TaskDefinition, type Suite } from '../../../shared/schemas/task'
import { asIoError, exists, fsyncDir, replaceDir, sha256, siblingPath, writeFileDurable } from '../fs/durable'
import { AppError } from '../errors'
import { renderTrainFile } from './suite'

export const SUITE_MANIFEST = 'suite.json'
export const CORPUS_FILE = 'corpus.txt'
export const WORLD_FILE = 'world.json'
export const trainFileOf = (taskId: string): string => `tasks/${taskId}.train.jsonl`
export const definitionFileOf = (taskId: string): string => `tasks/${taskId}.json`

const FileEntry = z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })

export const SuiteManifest = z.object({
  format: z.literal('continuum-suite'),
  version: z.number().int(),
  seed: z.number().int(),
  scale: SuiteScale,
  /** Relative path → size and hash, for every file but the manifest itself. */
  files: z.record(z.string(), FileEntry),
  tasks: z.array(z.object({ id: z.string(), kind: z.string(), learnedInPretraining: z.boolean(), train: z.string(), definition: z.string() })),
})
export type SuiteManifest = z.infer<typeof SuiteManifest>

export interface MaterializeOptions {
  /** Replace an existing folder (atomically) instead of refusing. */
  replace?: boolean
}

const utf8 = new TextEncoder()

export async function materializeSuite(suite: Suite, dir: string, options: MaterializeOptions = {}): Promise<SuiteManifest> {
  const present = await exists(dir).catch((e: unknown) => {
    throw asIoError(e, `could not write the suite to ${dir}`)
  })
  if (!options.replace && present) throw new AppError('CONFLICT', `${dir} already exists; choose another folder or replace it.`)
  const contents = new Map<string, string>([
    [CORPUS_FILE, suite.corpus],
    [WORLD_FILE, JSON.stringify(suite.world, null, 1) + '\n'],
  ])
  for (const task of suite.tasks) {
    contents.set(trainFileOf(task.id), renderTrainFile(task))
    contents.set(definitionFileOf(task.id), JSON.stringify(task, null, 1) + '\n')
  }
  const manifest: SuiteManifest = {
    format: 'continuum-suite',
    version: suite.version,
    seed: suite.seed,
    scale: suite.scale,
    files: {},
    tasks: suite.tasks.map((t) => ({ id: t.id, kind: t.kind, learnedInPretraining: t.learnedInPretraining, train: trainFileOf(t.id), definition: definitionFileOf(t.id) })),
  }
  const staged = siblingPath(dir, 'tmp')
  try {
    await mkdir(join(staged, 'tasks'), { recursive: true })
    for (const [path, text] of contents) manifest.files[path] = await writeFileDurable(join(staged, path), [utf8.encode(text)])
    await writeFileDurable(join(staged, SUITE_MANIFEST), [utf8.encode(JSON.stringify(manifest, null, 1) + '\n')])
    await fsyncDir(join(staged, 'tasks'))
    await fsyncDir(staged)
    if (options.replace) await replaceDir(staged, dir)
    else await rename(staged, dir)
  } catch (e) {
    await rm(staged, { recursive: true, force: true }).catch(() => undefined)
    const code = (e as NodeJS.ErrnoException).code
    // Someone else created the folder between the check and the rename.
    if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new AppError('CONFLICT', `${dir} already exists; choose another folder or replace it.`)
    throw asIoError(e, `could not write the suite to ${dir}`)
  }
  return manifest
}

export interface LoadedSuite {
  manifest: SuiteManifest
  corpusPath: string
  tasks: TaskDefinition[]
}

/** Reads a materialised suite back, checking every file against the manifest's hashes. */
export async function loadSuite(dir: string): Promise<LoadedSuite> {
  const read = async (path: string) => {
    try {
      return await readFile(join(dir, path))
    } catch (e) {
      throw asIoError(e, `could not read ${join(dir, path)}`)
    }
  }
  const json = (path: string, bytes: Buffer): unknown => {
    try {
      return JSON.parse(bytes.toString('utf8'))
    } catch {
      throw new AppError('BAD_REQUEST', `${join(dir, path)} is not valid JSON.`)
    }
  }
  const parsed = SuiteManifest.safeParse(json(SUITE_MANIFEST, await read(SUITE_MANIFEST)))
  if (!parsed.success) throw new AppError('BAD_REQUEST', `${join(dir, SUITE_MANIFEST)} is not a suite manifest: ${parsed.error.issues[0]!.message}`)
  const manifest = parsed.data
  const files = new Map<string, Buffer>()
  for (const [path, entry] of Object.entries(manifest.files)) {
    const bytes = await read(path)
    if (bytes.length !== entry.bytes || sha256(bytes) !== entry.sha256) throw new AppError('BAD_REQUEST', `${join(dir, path)} does not match its hash in ${SUITE_MANIFEST}; the suite was modified.`)
    files.set(path, bytes)
  }
  const tasks = manifest.tasks.map((t) => {
    const bytes = files.get(t.definition)
    if (!bytes) throw new AppError('BAD_REQUEST', `${SUITE_MANIFEST} lists ${t.definition} without a hash.`)
    return TaskDefinition.parse(json(t.definition, bytes))
  })
  return { manifest, corpusPath: join(dir, CORPUS_FILE), tasks }
}
