/**
 * The commit step of an import, after everything has been validated: the normalised file is
 * written into a hidden sibling folder and renamed to `<dataDir>/datasets/<name>/`, then the
 * `datasets` row is inserted. If the insert fails (a duplicate name, a closed database) the
 * folder is removed again, so an import either leaves both a folder and a row, or neither.
 */
import { mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Dataset } from '../../../shared'
import { asIoError, exists, fsyncDir, siblingPath, writeFileDurable } from '../fs/durable'
import { AppError } from '../errors'
import type { Store } from '../store'

export type DatasetsStore = Pick<Store, 'datasets'>

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/

/** The name becomes a folder, so it is restricted to characters safe on every file system. */
export function checkDatasetName(store: DatasetsStore, name: string): void {
  if (!NAME.test(name))
    throw new AppError('BAD_REQUEST', `"${name}" cannot name a dataset: use letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters.`)
  if (store.datasets.list().some((d) => d.name === name)) throw new AppError('CONFLICT', `A dataset named "${name}" already exists`)
}

export const datasetDir = (dataDir: string, name: string): string => join(dataDir, 'datasets', name)

export interface WriteDatasetInput {
  name: string
  kind: Dataset['kind']
  source: string
  /** The first file is the one the row points at (what a training job reads). */
  files: readonly { name: string; content: string }[]
  meta: Record<string, unknown>
  learned?: boolean | null
}

export async function writeDataset(store: DatasetsStore, dataDir: string, input: WriteDatasetInput): Promise<Dataset> {
  const target = datasetDir(dataDir, input.name)
  // A folder without a row: left by a crash between rename and insert, or a folder name that
  // differs only in case on a case-insensitive disk. Never overwrite what may be someone's data.
  const present = await exists(target).catch((e: unknown) => {
    throw asIoError(e, `could not write the dataset to ${target}`)
  })
  if (present) throw new AppError('CONFLICT', `${target} already exists but no dataset row uses it; remove the folder or pick another name.`)
  const staged = siblingPath(target, 'tmp')
  let digest
  try {
    await mkdir(staged, { recursive: true })
    for (const [i, file] of input.files.entries()) {
      const written = await writeFileDurable(join(staged, file.name), [new TextEncoder().encode(file.content)])
      if (i === 0) digest = written
    }
    if (!digest) throw new Error('a dataset needs at least one file')
    await fsyncDir(staged)
    await rename(staged, target)
    await fsyncDir(join(dataDir, 'datasets'))
  } catch (e) {
    await rm(staged, { recursive: true, force: true }).catch(() => undefined)
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new AppError('CONFLICT', `${target} appeared while importing; another import of "${input.name}"?`)
    throw asIoError(e, `could not write the dataset to ${target}`)
  }
  try {
    return store.datasets.create({ name: input.name, kind: input.kind, source: input.source, path: join(target, input.files[0]!.name), ...digest, meta: input.meta, learned: input.learned ?? null })
  } catch (e) {
    // The row's error is the one to report; a folder that will not go away shows up as a
    // CONFLICT with its path on the next import of this name.
    await rm(target, { recursive: true, force: true }).catch(() => undefined)
    throw e
  }
}
