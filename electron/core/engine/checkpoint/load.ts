/**
 * Reading a checkpoint folder back, trusting nothing: every file must match the size and
 * sha256 its manifest records, every JSON file its schema, and every tensor the layout the
 * config implies. A folder that fails any check is refused with a message naming the file.
 */
import { readFile, readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { TokenizerSpec } from '../tokenizer'
import { AppError } from '../../errors'
import { paramLayout, type ParamLayout } from '../params'
import { type ModelConfig } from '../../../../shared'
import { asIoError, sha256 } from '../../fs/durable'
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  CONFIG_FILE,
  CheckpointManifest,
  HfGpt2Config,
  MANIFEST_FILE,
  MODEL_FILE,
  OPTIMIZER_FILE,
  REQUIRED_FILES,
  TOKENIZER_FILE,
  checkTokenizerFits,
  fromHfConfig,
  modelTensorName,
  optimizerTensorNames,
  parseWith,
  type HashedFile,
} from './format'
import { copyTensorInto, parseSafetensors, type ParsedSafetensors } from './safetensors'
import { type OptimizerState } from './save'

export interface LoadedCheckpoint {
  path: string
  config: ModelConfig
  tokenizer: TokenizerSpec
  params: Float32Array
  optimizer?: OptimizerState
  manifest: CheckpointManifest
  /** Hash of manifest.json, the same id `saveCheckpoint` returned. */
  sha256: string
}

async function readOrExplain(path: string, missing: string): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('IO', missing)
    throw asIoError(e, `could not read ${path}`)
  }
}

function parseJson(bytes: Uint8Array, where: string): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'))
  } catch (e) {
    throw new AppError('IO', `${where} is not valid JSON (${(e as Error).message})`)
  }
}

async function readManifest(dir: string): Promise<{ manifest: CheckpointManifest; sha256: string }> {
  const bytes = await readOrExplain(
    join(dir, MANIFEST_FILE),
    `${dir} has no ${MANIFEST_FILE}: it is not a Continuum checkpoint, or it was copied incompletely`,
  )
  const where = `${MANIFEST_FILE} in ${dir}`
  const raw = parseJson(bytes, where) as { format?: unknown; version?: unknown } | null
  // Format and version first, so a newer or foreign folder gets a message that says so.
  if (raw?.format !== CHECKPOINT_FORMAT) throw new AppError('UNSUPPORTED', `${where} is not a ${CHECKPOINT_FORMAT} manifest (format ${JSON.stringify(raw?.format)})`)
  if (typeof raw.version === 'number' && raw.version > CHECKPOINT_VERSION)
    throw new AppError('UNSUPPORTED', `${dir} was written by a newer Continuum (checkpoint format ${raw.version}; this one reads up to ${CHECKPOINT_VERSION})`)
  const manifest = parseWith(CheckpointManifest, raw, where)
  for (const name of REQUIRED_FILES) if (!manifest.files[name]) throw new AppError('IO', `${where} does not list ${name}`)
  if (Boolean(manifest.files[OPTIMIZER_FILE]) !== (manifest.optimizer !== null))
    throw new AppError('IO', `${where}: the optimizer step and ${OPTIMIZER_FILE} must be both present or both absent`)
  return { manifest, sha256: sha256(bytes) }
}

/** Reads a file the manifest lists and checks its size and hash before anyone parses it. */
async function readVerified(dir: string, manifest: CheckpointManifest, name: HashedFile): Promise<Buffer> {
  const expected = manifest.files[name]!
  const bytes = await readOrExplain(join(dir, name), `checkpoint ${dir} is incomplete: ${name} is missing`)
  if (bytes.byteLength !== expected.bytes)
    throw new AppError('IO', `${name} in ${dir} is ${bytes.byteLength} bytes but its manifest records ${expected.bytes}: the file is truncated or was replaced`)
  if (sha256(bytes) !== expected.sha256)
    throw new AppError('IO', `${name} in ${dir} fails its sha256 check: the file is corrupted or was modified; refusing to load it`)
  return bytes
}

/**
 * Copies the tensors into one flat array in the layout's order, requiring exactly the names
 * and shapes the layout expects (so a file for another config cannot load silently).
 */
function toFlat(parsed: ParsedSafetensors, layout: ParamLayout, names: ((param: string) => string)[], where: string): Float32Array[] {
  const expected = new Set<string>()
  const out = names.map((name) => {
    const flat = new Float32Array(layout.total)
    for (const spec of layout.specs) {
      const tensorName = name(spec.name)
      expected.add(tensorName)
      const t = parsed.byName.get(tensorName)
      if (!t) throw new AppError('IO', `${where} has no tensor ${tensorName}`)
      if (t.shape.length !== spec.shape.length || t.shape.some((n, i) => n !== spec.shape[i]))
        throw new AppError('IO', `${where}: tensor ${tensorName} has shape [${t.shape}] but the config needs [${spec.shape}]`)
      copyTensorInto(t, flat, spec.offset)
    }
    return flat
  })
  const extra = parsed.tensors.filter((t) => !expected.has(t.name)).map((t) => t.name)
  if (extra.length > 0) throw new AppError('IO', `${where} has tensors the config does not define: ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', …' : ''}`)
  return out
}

async function checkFolder(dir: string): Promise<void> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new AppError('BAD_REQUEST', `${dir} is a file, not a checkpoint folder`)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('NOT_FOUND', `checkpoint folder ${dir} does not exist`)
    throw asIoError(e, `could not open ${dir}`)
  }
}

/** Loads and verifies a checkpoint folder; needs nothing but the folder. */
export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const path = resolve(dir)
  await checkFolder(path)
  const { manifest, sha256: manifestSha } = await readManifest(path)
  const read = (name: HashedFile) => readVerified(path, manifest, name)

  const hf = parseWith(HfGpt2Config, parseJson(await read(CONFIG_FILE), `${CONFIG_FILE} in ${path}`), `${CONFIG_FILE} in ${path}`)
  const config = fromHfConfig(hf, `${CONFIG_FILE} in ${path}`)
  const differs = (Object.keys(config) as (keyof ModelConfig)[]).filter((k) => config[k] !== manifest.model[k])
  if (differs.length > 0) throw new AppError('IO', `${CONFIG_FILE} and ${MANIFEST_FILE} in ${path} disagree on ${differs.join(', ')}`)

  const tokenizer = parseWith(TokenizerSpec, parseJson(await read(TOKENIZER_FILE), `${TOKENIZER_FILE} in ${path}`), `${TOKENIZER_FILE} in ${path}`)
  checkTokenizerFits(tokenizer, config, `${TOKENIZER_FILE} in ${path}`, 'IO')

  const layout = paramLayout(config)
  const modelWhere = `${MODEL_FILE} in ${path}`
  const [params] = toFlat(parseSafetensors(await read(MODEL_FILE), modelWhere), layout, [modelTensorName], modelWhere) as [Float32Array]

  let optimizer: OptimizerState | undefined
  if (manifest.optimizer) {
    const where = `${OPTIMIZER_FILE} in ${path}`
    const names = [(n: string) => optimizerTensorNames(n).m, (n: string) => optimizerTensorNames(n).v]
    const [m, v] = toFlat(parseSafetensors(await read(OPTIMIZER_FILE), where), layout, names, where) as [Float32Array, Float32Array]
    optimizer = { m, v, step: manifest.optimizer.step }
  }
  return { path, config, tokenizer, params, ...(optimizer ? { optimizer } : {}), manifest, sha256: manifestSha }
}

/** Total size in bytes of the files in a checkpoint folder (what deleting it would free). */
export async function checkpointBytes(dir: string): Promise<number> {
  const path = resolve(dir)
  await checkFolder(path)
  let total = 0
  for (const entry of await readdir(path, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size
  return total
}
