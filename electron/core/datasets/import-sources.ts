/**
 * Where the file of an import comes from when a client asks over the contract:
 *   - `picked`: a file the user chose in the app's native dialog (main process); the renderer
 *     holds only the pick's id, never a path;
 *   - `upload`: bytes a browser sent in chunks (file chooser, drag and drop), staged under
 *     `<dataDir>/uploads/` and removed once the import is done, whatever its outcome;
 *   - `path`: a path string, checked against the transport's path policy.
 * Uploads are bounded by the same size limit as files, checked as chunks arrive.
 */
import { randomBytes } from 'node:crypto'
import { appendFile, mkdir, rm, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { AppError } from '../errors'
import { readablePath, type PathPolicy } from '../system/path-policy'
import { DEFAULT_MAX_IMPORT_BYTES, tooLarge } from './read-source'

export interface FileSource {
  path?: string
  upload?: string
  picked?: string
}

export interface Picked {
  id: string
  fileName: string
  bytes: number
}

/** A safe file name for the staged copy: the extension tells the format. */
const safeName = (name: string) => basename(name).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(-120) || 'upload'

export class ImportSources {
  private readonly picks = new Map<string, string>()
  private readonly uploads = new Map<string, { file: string; bytes: number; fileName: string }>()

  constructor(
    private readonly dataDir: string,
    private readonly maxBytes = DEFAULT_MAX_IMPORT_BYTES,
  ) {}

  /** Remembers a path the main process's dialog returned; the renderer gets the id. */
  async pick(path: string): Promise<Picked> {
    const id = randomBytes(12).toString('hex')
    this.picks.set(id, path)
    const s = await stat(path)
    return { id, fileName: basename(path), bytes: s.size }
  }

  /** Appends one chunk; the first call (no id) opens a new upload. `offset` must be where the last chunk ended. */
  async append(input: { id?: string; fileName: string; offset: number; data: Uint8Array }): Promise<{ id: string; bytes: number }> {
    let entry = input.id ? this.uploads.get(input.id) : undefined
    if (input.id && !entry) throw new AppError('NOT_FOUND', `No upload ${input.id} is in progress; start it again.`)
    let id = input.id
    if (!entry) {
      if (input.offset !== 0) throw new AppError('BAD_REQUEST', 'A new upload starts at offset 0.')
      id = randomBytes(12).toString('hex')
      const folder = join(this.dataDir, 'uploads', id)
      await mkdir(folder, { recursive: true })
      entry = { file: join(folder, safeName(input.fileName)), bytes: 0, fileName: basename(input.fileName) }
      this.uploads.set(id, entry)
    }
    if (input.offset !== entry.bytes) throw new AppError('BAD_REQUEST', `The chunk starts at byte ${input.offset}, but ${entry.bytes} bytes have arrived; send the chunks in order.`)
    if (entry.bytes + input.data.length > this.maxBytes) {
      await this.discard(id!)
      throw tooLarge(input.fileName, this.maxBytes)
    }
    await appendFile(entry.file, input.data)
    entry.bytes += input.data.length
    return { id: id!, bytes: entry.bytes }
  }

  async discard(id: string): Promise<void> {
    this.uploads.delete(id)
    await rm(join(this.dataDir, 'uploads', id), { recursive: true, force: true })
  }

  /** The file to import and what to do after the import, success or not. */
  async resolve(source: FileSource, policy: PathPolicy | null): Promise<{ file: string; done: () => Promise<void>; shown: (message: string) => string; sourceName?: string }> {
    const r = await this.resolveFile(source, policy)
    // Messages name the user's file, not the staged copy.
    const name = basename(r.file)
    return { ...r, shown: (m) => (source.path === undefined ? m.split(r.file).join(name) : m) }
  }

  private async resolveFile(source: FileSource, policy: PathPolicy | null): Promise<{ file: string; done: () => Promise<void>; sourceName?: string }> {
    const given = [source.path, source.upload, source.picked].filter((x) => x !== undefined)
    if (given.length !== 1) throw new AppError('BAD_REQUEST', 'Give exactly one of file (a path), upload or picked.')
    if (source.picked !== undefined) {
      const path = this.picks.get(source.picked)
      if (!path) throw new AppError('NOT_FOUND', 'That file choice has expired; choose the file again.')
      return { file: path, done: async () => void this.picks.delete(source.picked!) }
    }
    if (source.upload !== undefined) {
      const entry = this.uploads.get(source.upload)
      if (!entry) throw new AppError('NOT_FOUND', `No upload ${source.upload}; send the file again.`)
      // The dataset records the user's file name, not the staged copy that is removed after.
      return { file: entry.file, done: () => this.discard(source.upload!), sourceName: `${entry.fileName} (uploaded)` }
    }
    return { file: await readablePath(policy, source.path!), done: async () => undefined }
  }
}
