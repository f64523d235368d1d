/**
 * Crash-safe folder writes: files are fsynced as they are written and a folder only appears at
 * its final path, complete, by a rename. A power cut or a full disk therefore leaves either
 * the old folder or the new one, never a mixture. Checkpoints (engine/checkpoint), task
 * materialisations (tasks/) and datasets (datasets/) all write through it.
 */
import { createHash, randomBytes } from 'node:crypto'
import { open, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { AppError } from '../errors'

export interface FileDigest {
  sha256: string
  bytes: number
}

/** Writes the chunks to a new file, hashing them on the way, and fsyncs it before returning. */
export async function writeFileDurable(path: string, chunks: readonly Uint8Array[]): Promise<FileDigest> {
  const hash = createHash('sha256')
  let bytes = 0
  const handle = await open(path, 'wx')
  try {
    for (const chunk of chunks) {
      // A single write may be partial (large buffers, some file systems): loop until done.
      for (let done = 0; done < chunk.byteLength; ) {
        const { bytesWritten } = await handle.write(chunk, done, chunk.byteLength - done)
        done += bytesWritten
      }
      hash.update(chunk)
      bytes += chunk.byteLength
    }
    await handle.sync()
  } finally {
    await handle.close()
  }
  return { sha256: hash.digest('hex'), bytes }
}

/**
 * Makes a folder's entries (new files, renames) durable. Windows cannot open a folder for
 * fsync and NTFS journals renames itself, so there it is skipped.
 */
export async function fsyncDir(path: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex')

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw e
  }
}

/** A sibling path no other writer will pick: same parent, so a rename stays on one file system. */
export const siblingPath = (target: string, tag: string): string =>
  join(dirname(target), `.${basename(target)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`)

/**
 * Moves the complete folder `staged` to `target`, which must not exist: nothing there is ever
 * replaced. (POSIX rename would replace an empty folder that appeared in between, never a
 * non-empty one, and a checkpoint folder is never empty.)
 */
export async function publishDir(staged: string, target: string): Promise<void> {
  if (await exists(target)) throw new AppError('CONFLICT', `${target} already exists; a checkpoint folder is never rewritten`)
  await rename(staged, target)
  await fsyncDir(dirname(target))
}

/**
 * Moves the complete folder `staged` to `target`. An existing `target` is renamed away first
 * (POSIX rename cannot replace a non-empty folder), then deleted once the new one is in
 * place; if the second rename fails the old folder is put back.
 */
export async function replaceDir(staged: string, target: string): Promise<void> {
  const parent = dirname(target)
  if (!(await exists(target))) {
    await rename(staged, target)
    await fsyncDir(parent)
    return
  }
  const old = siblingPath(target, 'old')
  await rename(target, old)
  try {
    await rename(staged, target)
  } catch (e) {
    await rename(old, target)
    throw e
  }
  await fsyncDir(parent)
  // The new checkpoint is in place: failing to delete the old one must not report the save
  // as failed. A leftover hidden `.old-` folder is only wasted space.
  await rm(old, { recursive: true, force: true }).catch(() => undefined)
}

const IO_CODES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOENT: 'a folder on the path does not exist',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EIO: 'an input/output error occurred',
  EEXIST: 'a file is in the way',
  EISDIR: 'a folder is where a file should be',
}

/** File-system failures a user can act on become AppError('IO'); anything else is a bug. */
export function asIoError(e: unknown, doing: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  if (e instanceof AppError || code === undefined || !Object.hasOwn(IO_CODES, code)) return e
  return new AppError('IO', `${doing}: ${IO_CODES[code]} (${code})`, { cause: (e as Error).message })
}
