/**
 * The safetensors format (Hugging Face), float32 only: an 8-byte little-endian header length,
 * a JSON header `{name: {dtype, shape, data_offsets}, __metadata__?}`, then the raw tensor
 * bytes. We write it so PyTorch and `transformers` load our checkpoints as they are, and we
 * read it defensively because a checkpoint folder may have been copied, edited or truncated.
 */
import { endianness } from 'node:os'
import { AppError } from '../../errors'

export interface TensorEntry {
  name: string
  shape: number[]
  /** Float32 values in row-major order. */
  data: Float32Array
}

export interface ParsedTensor {
  name: string
  shape: number[]
  /** The tensor's little-endian float32 bytes: a view into the file, not a copy. */
  bytes: Uint8Array
}

export interface ParsedSafetensors {
  /** In the order of their data in the file. */
  tensors: ParsedTensor[]
  byName: Map<string, ParsedTensor>
  metadata: Record<string, string>
}

/** The reference implementation refuses headers above 100 MB; so do we, before allocating. */
const MAX_HEADER_BYTES = 100_000_000
const F32_BYTES = 4

/**
 * Float32Array is in the host's byte order and safetensors is little-endian. Every platform
 * Electron ships on is little-endian; refuse rather than write a file nobody else can read.
 */
function requireLittleEndian(): void {
  if (endianness() !== 'LE') throw new AppError('UNSUPPORTED', 'checkpoints can only be read and written on a little-endian machine')
}

const elements = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1)

/**
 * The file's contents as chunks to write in order: the header, then one view per tensor (no
 * copy of the parameters, which may be hundreds of megabytes).
 */
export function encodeSafetensors(tensors: readonly TensorEntry[], metadata: Record<string, string> = {}): Uint8Array[] {
  requireLittleEndian()
  // Entries rather than assignment, so no tensor name can reach Object.prototype.
  const entries: [string, unknown][] = []
  // `transformers` reads `__metadata__.format` to know the tensors came from PyTorch-like code.
  if (Object.keys(metadata).length > 0) entries.push(['__metadata__', metadata])
  const names = new Set<string>()
  let offset = 0
  for (const t of tensors) {
    if (t.name === '__metadata__' || names.has(t.name)) throw new Error(`safetensors: duplicate or reserved tensor name ${t.name}`)
    if (elements(t.shape) !== t.data.length) throw new Error(`safetensors: ${t.name} has ${t.data.length} values for shape [${t.shape}]`)
    const end = offset + t.data.length * F32_BYTES
    names.add(t.name)
    entries.push([t.name, { dtype: 'F32', shape: t.shape, data_offsets: [offset, end] }])
    offset = end
  }
  const header = Object.fromEntries(entries)
  const json = Buffer.from(JSON.stringify(header), 'utf8')
  // Pad with spaces so the data starts 8-byte aligned: readers can then view it without copying.
  const padded = Math.ceil(json.length / 8) * 8
  const head = Buffer.alloc(8 + padded, 0x20)
  head.writeBigUInt64LE(BigInt(padded), 0)
  json.copy(head, 8)
  return [head, ...tensors.map((t) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength))]
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNonNegativeInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

/** Parses and validates a whole file. `label` names the file in every error message. */
export function parseSafetensors(file: Uint8Array, label: string): ParsedSafetensors {
  requireLittleEndian()
  const bad = (problem: string) => new AppError('IO', `${label} is not a valid safetensors file: ${problem}`)
  if (file.byteLength < 8) throw bad(`it is ${file.byteLength} bytes long, too short to hold the 8-byte header length`)
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  const headerLen = view.getBigUint64(0, true)
  if (headerLen > BigInt(file.byteLength - 8)) throw bad(`the header claims ${headerLen} bytes but the file has only ${file.byteLength - 8} after the length (truncated?)`)
  if (headerLen > BigInt(MAX_HEADER_BYTES)) throw bad(`the header is ${headerLen} bytes, above the ${MAX_HEADER_BYTES}-byte limit`)
  const dataStart = 8 + Number(headerLen)

  let header: unknown
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(file.subarray(8, dataStart)))
  } catch (e) {
    throw bad(`the header is not valid UTF-8 JSON (${(e as Error).message})`)
  }
  if (!isRecord(header)) throw bad('the header is not a JSON object')

  const metadata: Record<string, string> = {}
  const raw = header.__metadata__
  if (raw !== undefined) {
    if (!isRecord(raw)) throw bad('__metadata__ is not an object')
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v !== 'string') throw bad(`__metadata__.${k} is not a string`)
      metadata[k] = v
    }
  }

  const dataLen = file.byteLength - dataStart
  const found: { name: string; shape: number[]; begin: number; end: number }[] = []
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue
    const badTensor = (problem: string) => bad(`tensor ${name} ${problem}`)
    if (!isRecord(info)) throw badTensor('has no {dtype, shape, data_offsets} entry')
    if (typeof info.dtype !== 'string') throw badTensor('has no dtype')
    if (info.dtype !== 'F32') throw new AppError('UNSUPPORTED', `${label}: tensor ${name} has dtype ${info.dtype}; only F32 is supported`)
    const { shape, data_offsets: offsets } = info
    if (!Array.isArray(shape) || !shape.every(isNonNegativeInt)) throw badTensor('has a shape that is not a list of non-negative integers')
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInt))
      throw badTensor('has data_offsets that are not two non-negative integers')
    const [begin, end] = offsets as [number, number]
    if (begin > end || end > dataLen) throw badTensor(`has data_offsets [${begin}, ${end}] outside the ${dataLen}-byte data section (truncated?)`)
    const expected = elements(shape as number[]) * F32_BYTES
    if (end - begin !== expected) throw badTensor(`occupies ${end - begin} bytes but shape [${shape}] of F32 needs ${expected}`)
    found.push({ name, shape: shape as number[], begin, end })
  }

  // The data section must be covered exactly, without holes or overlaps, as the reference
  // implementation requires. Writers may order the header differently from the data.
  found.sort((a, b) => a.begin - b.begin || a.end - b.end)
  let cursor = 0
  for (const t of found) {
    if (t.begin !== cursor)
      throw bad(t.begin < cursor ? `tensor ${t.name} overlaps the tensor before it` : `there is a gap of ${t.begin - cursor} bytes before tensor ${t.name}`)
    cursor = t.end
  }
  if (cursor !== dataLen) throw bad(`${dataLen - cursor} bytes after the last tensor belong to no tensor`)

  const tensors = found.map((t) => ({ name: t.name, shape: t.shape, bytes: file.subarray(dataStart + t.begin, dataStart + t.end) }))
  return { tensors, byName: new Map(tensors.map((t) => [t.name, t])), metadata }
}

/** Copies a parsed tensor's bytes into `target` starting at element `offset`; alignment-safe. */
export function copyTensorInto(t: ParsedTensor, target: Float32Array, offset: number): void {
  new Uint8Array(target.buffer, target.byteOffset + offset * F32_BYTES, t.bytes.byteLength).set(t.bytes)
}
