/**
 * Writing a checkpoint folder atomically: everything goes into a hidden sibling folder, each
 * file and then the folder are fsynced, and only then is it renamed to its final path. An
 * existing folder is never replaced: the store may record it (its sha256 and the runs that
 * branch from it), so rewriting it would make the record lie. Callers pick a free name
 * (`freeCheckpointFolder`).
 */
import { mkdir, rm, stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { ModelConfig } from '../../../../shared'
import { AppError } from '../../errors'
import { paramLayout, view, type ParamLayout } from '../params'
import { TokenizerSpec } from '../tokenizer'
import { asIoError, exists, fsyncDir, publishDir, siblingPath, writeFileDurable, type FileDigest } from '../../fs/durable'
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  CONFIG_FILE,
  CheckpointManifest,
  MANIFEST_FILE,
  MODEL_FILE,
  OPTIMIZER_FILE,
  TOKENIZER_FILE,
  checkTokenizerFits,
  modelTensorName,
  optimizerTensorNames,
  parseWith,
  toHfConfig,
  type HashedFile,
} from './format'
import { encodeSafetensors, type TensorEntry } from './safetensors'

/** Adam's moment estimates, in the same flat layout as the parameters. */
export interface OptimizerState {
  m: Float32Array
  v: Float32Array
  step: number
}

/**
 * `params` and the optimizer's arrays are written from views, not copies (they can be hundreds
 * of megabytes): the caller must not update them until the save's promise settles.
 */
export interface SaveCheckpointInput {
  config: ModelConfig
  tokenizer: TokenizerSpec
  params: Float32Array
  optimizer?: OptimizerState
  runId: number | null
  step: number
  tokensSeen: number
  parent: string | number | null
  phase: string
  seed: number
  extra?: Record<string, unknown>
}

export interface SavedCheckpoint {
  /** Absolute path of the folder. */
  path: string
  /** Total size of the folder's files, manifest included. */
  bytes: number
  /** Hash of manifest.json, which itself hashes every other file: one id for the whole checkpoint. */
  sha256: string
  manifest: CheckpointManifest
}

const utf8 = (value: unknown): Uint8Array[] => [Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8')]

function tensors(layout: ParamLayout, flat: Float32Array, name: (param: string) => string): TensorEntry[] {
  return layout.specs.map((s) => ({ name: name(s.name), shape: s.shape, data: view(flat, s) }))
}

/** Validates everything before touching the disk, so bad input never leaves a folder behind. */
function prepare(input: SaveCheckpointInput, createdAt: Date) {
  const config = parseWith(ModelConfig, input.config, 'checkpoint model config', 'BAD_REQUEST')
  const tokenizer = parseWith(TokenizerSpec, input.tokenizer, 'checkpoint tokenizer', 'BAD_REQUEST')
  checkTokenizerFits(tokenizer, config, 'checkpoint tokenizer', 'BAD_REQUEST')
  const layout = paramLayout(config)
  const lengths: [string, Float32Array | undefined][] = [['params', input.params], ['optimizer.m', input.optimizer?.m], ['optimizer.v', input.optimizer?.v]]
  for (const [what, arr] of lengths)
    if (arr && arr.length !== layout.total)
      throw new AppError('BAD_REQUEST', `checkpoint ${what} has ${arr.length} values but the model has ${layout.total} parameters`)
  const manifest = parseWith(
    CheckpointManifest.omit({ files: true }),
    {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      runId: input.runId,
      step: input.step,
      tokensSeen: input.tokensSeen,
      parent: input.parent,
      phase: input.phase,
      seed: input.seed,
      createdAt: createdAt.toISOString(),
      model: config,
      optimizer: input.optimizer ? { step: input.optimizer.step } : null,
      extra: input.extra ?? {},
    },
    'checkpoint manifest',
    'BAD_REQUEST',
  )
  return { config, tokenizer, layout, manifest }
}

/** Refuses anything at `target`: a checkpoint (never rewritten) or a user's folder or file. */
async function checkTarget(target: string): Promise<void> {
  if (!(await exists(target))) return
  if ((await stat(target)).isDirectory() && (await exists(join(target, MANIFEST_FILE))))
    throw new AppError('CONFLICT', `${target} already holds a checkpoint; a checkpoint folder is never rewritten`)
  throw new AppError('CONFLICT', `${target} already exists and is not a Continuum checkpoint; refusing to replace it`)
}

/**
 * `base`, or `base-1`, `base-2`… the first that does not exist. A worker orphaned by a dead
 * runner may have left an unrecorded folder at a step the resumed run reaches again.
 */
export async function freeCheckpointFolder(base: string): Promise<string> {
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? base : `${base}-${i}`
    if (!(await exists(candidate))) return candidate
  }
}

export async function saveCheckpoint(dir: string, input: SaveCheckpointInput, now: Date = new Date()): Promise<SavedCheckpoint> {
  const target = resolve(dir)
  const { config, tokenizer, layout, manifest } = prepare(input, now)
  const staged = siblingPath(target, 'tmp')
  try {
    await checkTarget(target)
    await mkdir(dirname(target), { recursive: true })
    await mkdir(staged)
    const files: Partial<Record<HashedFile, FileDigest>> = {}
    const write = async (name: HashedFile, chunks: Uint8Array[]) => {
      files[name] = await writeFileDurable(join(staged, name), chunks)
    }
    // `format: pt` is what `transformers` expects in a safetensors file's metadata.
    await write(MODEL_FILE, encodeSafetensors(tensors(layout, input.params, modelTensorName), { format: 'pt' }))
    if (input.optimizer) {
      const { m, v } = input.optimizer
      const entries = [...tensors(layout, m, (n) => optimizerTensorNames(n).m), ...tensors(layout, v, (n) => optimizerTensorNames(n).v)]
      await write(OPTIMIZER_FILE, encodeSafetensors(entries, { format: 'pt', step: String(input.optimizer.step) }))
    }
    await write(CONFIG_FILE, utf8(toHfConfig(config, tokenizer)))
    await write(TOKENIZER_FILE, utf8(tokenizer))
    const full: CheckpointManifest = { ...manifest, files }
    // Last, because it records the hash and size of every other file.
    const written = await writeFileDurable(join(staged, MANIFEST_FILE), utf8(full))
    await fsyncDir(staged)
    await publishDir(staged, target)
    const bytes = Object.values(files).reduce((a, f) => a + f.bytes, written.bytes)
    return { path: target, bytes, sha256: written.sha256, manifest: full }
  } catch (e) {
    await rm(staged, { recursive: true, force: true }).catch(() => undefined)
    throw asIoError(e, `could not save the checkpoint to ${target}`)
  }
}
