/**
 * Reading the bytes of a file a user wants to import, bounded in every way a file can be
 * unbounded: only regular files (a FIFO would block forever, /dev/zero never ends, a device
 * is not data), at most `maxBytes` (checked against the size first and again as bytes
 * arrive, since a file can grow while it is read), and within `timeoutMs` (a stalled network
 * mount). The FIFO check happens before any blocking read: the file is opened non-blocking.
 */
import { createHash } from 'node:crypto'
import { constants, type Stats } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { asIoError } from '../fs/durable'
import { AppError } from '../errors'

/** 256 MiB: a corpus of ~250 M bytes is already ~10× what the engine trains on in an hour here. */
export const DEFAULT_MAX_IMPORT_BYTES = 256 * 2 ** 20
/** A local file of the maximum size reads in about a second; a minute means something is stuck. */
export const DEFAULT_IMPORT_TIMEOUT_MS = 60_000
const CHUNK = 4 * 2 ** 20

export interface ReadLimits {
  maxBytes?: number
  timeoutMs?: number
  /** Called as bytes arrive (the CLI's progress bar). */
  onProgress?: (read: number, total: number) => void
}

export interface SourceBytes {
  data: Buffer
  bytes: number
  /** Of the file as it was, before decoding. */
  sha256: string
}

const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`

export function tooLarge(file: string, maxBytes: number): AppError {
  return new AppError('BAD_REQUEST', `${file} is larger than the import limit of ${mb(maxBytes)}; split it, or raise the limit (--max-import-mb).`)
}

export async function readSourceBytes(file: string, limits: ReadLimits = {}): Promise<SourceBytes> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES
  const timeoutMs = limits.timeoutMs ?? DEFAULT_IMPORT_TIMEOUT_MS
  if (file.includes('\0')) throw new AppError('BAD_REQUEST', 'A file path must not contain a NUL byte.')
  let handle: FileHandle
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AppError('NOT_FOUND', `${file} does not exist.`)
    if (code === 'EACCES' || code === 'EPERM') throw new AppError('BAD_REQUEST', `${file} cannot be read (permission denied).`)
    throw asIoError(e, `could not open ${file}`)
  }
  try {
    const stat: Stats = await handle.stat()
    if (stat.isDirectory()) throw new AppError('BAD_REQUEST', `${file} is a folder, not a file.`)
    if (!stat.isFile()) throw new AppError('BAD_REQUEST', `${file} is not a regular file (a pipe, socket or device); only regular files can be imported.`)
    if (stat.size > maxBytes) throw tooLarge(file, maxBytes)
    const deadline = Date.now() + timeoutMs
    const chunks: Buffer[] = []
    const hash = createHash('sha256')
    let total = 0
    for (;;) {
      if (Date.now() > deadline) throw new AppError('BAD_REQUEST', `Reading ${file} took longer than ${timeoutMs / 1000} s; is it on a stalled network drive?`)
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total))
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      total += bytesRead
      if (total > maxBytes) throw tooLarge(file, maxBytes)
      const chunk = buffer.subarray(0, bytesRead)
      hash.update(chunk)
      chunks.push(chunk)
      limits.onProgress?.(total, stat.size)
    }
    return { data: Buffer.concat(chunks, total), bytes: total, sha256: hash.digest('hex') }
  } catch (e) {
    if (e instanceof AppError) throw e
    throw asIoError(e, `could not read ${file}`)
  } finally {
    await handle.close()
  }
}
