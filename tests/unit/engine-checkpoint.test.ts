import { createHash } from 'node:crypto'
import type * as FsPromises from 'node:fs/promises'
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  checkpointBytes,
  encodeSafetensors,
  freeCheckpointFolder,
  loadCheckpoint,
  parseSafetensors,
  saveCheckpoint,
  type SaveCheckpointInput,
  type TensorEntry,
} from '../../electron/core/engine/checkpoint'
import { initParams, paramLayout } from '../../electron/core/engine/params'
import { AppError } from '../../electron/core/errors'
import { Rng, type ModelConfig } from '../../shared'
import { tempDir } from '../helpers/temp'

// Fault injection for the atomicity tests: file writes can run out of space after a byte
// budget, and the n-th rename from now can fail. Everything else is the real file system.
const faults = vi.hoisted(() => ({ writeBudget: Infinity, renameFailsIn: 0 }))
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>()
  const injected = (code: string) => Object.assign(new Error(`${code}: injected by the test`), { code })
  const open: typeof real.open = async (...args) => {
    const handle = await real.open(...args)
    return new Proxy(handle, {
      get(target, prop) {
        if (prop === 'write')
          return async (buf: Uint8Array, offset: number, length: number) => {
            if (faults.writeBudget <= 0) throw injected('ENOSPC')
            const n = Math.min(length, faults.writeBudget)
            faults.writeBudget -= n
            return target.write(buf, offset, n)
          }
        const value: unknown = Reflect.get(target, prop)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  }
  const rename: typeof real.rename = async (from, to) => {
    if (faults.renameFailsIn > 0 && --faults.renameFailsIn === 0) throw injected('EIO')
    return real.rename(from, to)
  }
  return { ...real, open, rename, default: { ...real, open, rename } }
})

const config: ModelConfig = { layers: 2, heads: 2, width: 8, context: 6, vocab: 11, dropout: 0.1 }
const layout = paramLayout(config)
const chars = 'abcdefghi'.split('') // 9 chars + <unk> + <eos> = 11 ids

function randomArray(seed: number): Float32Array {
  const rng = new Rng(seed)
  return Float32Array.from({ length: layout.total }, () => rng.normal())
}

function input(seed = 1, overrides: Partial<SaveCheckpointInput> = {}): SaveCheckpointInput {
  return {
    config,
    tokenizer: { kind: 'char', chars },
    params: initParams(layout, seed),
    optimizer: { m: randomArray(seed + 100), v: randomArray(seed + 200).map(Math.abs), step: 42 },
    runId: 3,
    step: 1000 * seed,
    tokensSeen: 123_456 * seed,
    parent: '/data/checkpoints/run-2/step-500',
    phase: 'pretrain',
    seed: 7,
    extra: { lr: 3e-4, note: 'ü', nested: { list: [1, 2, null] } },
    ...overrides,
  }
}

/** An independent reader: only the spec, no code shared with the implementation. */
function readSafetensorsByHand(file: Buffer) {
  const n = Number(file.readBigUInt64LE(0))
  const headerText = file.subarray(8, 8 + n).toString('utf8')
  return { n, headerText, header: JSON.parse(headerText) as Record<string, unknown>, data: file.subarray(8 + n) }
}

async function expectAppError(p: Promise<unknown>, code: string, ...fragments: string[]): Promise<AppError> {
  const e = await p.then(
    () => expect.fail('expected an AppError'),
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(AppError)
  expect((e as AppError).code, (e as AppError).message).toBe(code)
  for (const f of fragments) expect((e as AppError).message).toContain(f)
  return e as AppError
}

let tmp: ReturnType<typeof tempDir>
let dir: string
beforeEach(() => {
  tmp = tempDir()
  dir = join(tmp.path, 'ckpts', 'step-1000')
  faults.writeBudget = Infinity
  faults.renameFailsIn = 0
})
afterEach(() => tmp.cleanup())

describe('checkpoint round trip', () => {
  it('restores params, optimizer state and manifest exactly', async () => {
    const saved = await saveCheckpoint(dir, input(), new Date('2025-01-02T03:04:05.678Z'))
    const loaded = await loadCheckpoint(dir)
    expect(loaded.params).toEqual(input().params)
    expect(loaded.optimizer).toEqual(input().optimizer)
    expect(loaded.config).toEqual(config)
    expect(loaded.tokenizer).toEqual({ kind: 'char', chars })
    expect(loaded.manifest).toEqual(saved.manifest)
    expect(loaded.sha256).toBe(saved.sha256)
    expect(loaded.manifest).toMatchObject({
      format: 'continuum-checkpoint', version: 1, runId: 3, step: 1000, tokensSeen: 123_456, parent: '/data/checkpoints/run-2/step-500',
      phase: 'pretrain', seed: 7, createdAt: '2025-01-02T03:04:05.678Z', model: config, optimizer: { step: 42 },
      extra: { lr: 3e-4, note: 'ü', nested: { list: [1, 2, null] } },
    })
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'manifest.json', 'model.safetensors', 'optimizer.safetensors', 'tokenizer.json'])
    expect(await checkpointBytes(dir)).toBe(saved.bytes)
  })

  it('saves without optimizer state and with a byte tokenizer', async () => {
    const big = { ...config, vocab: 257 }
    const params = initParams(paramLayout(big), 5)
    await saveCheckpoint(dir, { ...input(), config: big, params, optimizer: undefined, tokenizer: { kind: 'byte' }, parent: null, runId: null })
    const loaded = await loadCheckpoint(dir)
    expect(loaded.optimizer).toBeUndefined()
    expect(loaded.params).toEqual(params)
    expect(loaded.manifest.optimizer).toBeNull()
    expect(readdirSync(dir)).not.toContain('optimizer.safetensors')
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toMatchObject({ vocab_size: 257, eos_token_id: 256 })
  })

  it('writes HF GPT-2 safetensors: names, shapes, F32 little-endian, contiguous, padded header', async () => {
    const { params, optimizer } = input()
    await saveCheckpoint(dir, input())
    const file = readFileSync(join(dir, 'model.safetensors'))
    const { n, headerText, header, data } = readSafetensorsByHand(file)
    expect(n % 8).toBe(0)
    expect(headerText).toMatch(/^\{.*\} *$/)
    expect(Object.keys(header)).toEqual(['__metadata__', ...layout.specs.map((s) => `transformer.${s.name}`)])
    expect(header.__metadata__).toEqual({ format: 'pt' })
    expect(header).not.toHaveProperty(['lm_head.weight'])
    expect(header['transformer.h.1.attn.c_attn.weight']).toMatchObject({ shape: [8, 24] })
    expect(header['transformer.h.0.mlp.c_proj.weight']).toMatchObject({ shape: [32, 8] })
    let offset = 0
    for (const spec of layout.specs) {
      const entry = header[`transformer.${spec.name}`]
      expect(entry).toEqual({ dtype: 'F32', shape: spec.shape, data_offsets: [offset, offset + spec.size * 4] })
      expect(data.readFloatLE(offset)).toBe(params[spec.offset])
      expect(data.subarray(offset, offset + spec.size * 4).equals(Buffer.from(params.buffer, spec.offset * 4, spec.size * 4))).toBe(true)
      offset += spec.size * 4
    }
    expect(data.length).toBe(offset)

    const opt = readSafetensorsByHand(readFileSync(join(dir, 'optimizer.safetensors')))
    expect(opt.header.__metadata__).toEqual({ format: 'pt', step: '42' })
    const wte = layout.byName.get('wte.weight')!
    const v0 = opt.header['v.wte.weight'] as { data_offsets: [number, number] }
    expect(opt.data.readFloatLE(v0.data_offsets[0])).toBe(optimizer!.v[wte.offset])
    expect(Object.keys(opt.header).filter((k) => k.startsWith('m.'))).toHaveLength(layout.specs.length)

    const hf = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))
    expect(hf).toMatchObject({
      model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], activation_function: 'gelu_new', layer_norm_epsilon: 1e-5,
      vocab_size: 11, n_positions: 6, n_ctx: 6, n_embd: 8, n_layer: 2, n_head: 2, tie_word_embeddings: true,
      resid_pdrop: 0.1, embd_pdrop: 0.1, attn_pdrop: 0.1, eos_token_id: 10, bos_token_id: 10,
    })

    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))
    for (const name of ['model.safetensors', 'optimizer.safetensors', 'config.json', 'tokenizer.json']) {
      const bytes = readFileSync(join(dir, name))
      expect(manifest.files[name]).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length })
    }
  })
})

describe('checkpoint verification', () => {
  const flipByte = (name: string, index: number) => {
    const bytes = readFileSync(join(dir, name))
    bytes[index < 0 ? bytes.length + index : index]! ^= 0x01
    writeFileSync(join(dir, name), bytes)
  }

  it('refuses a checkpoint with one flipped byte, naming the file', async () => {
    for (const [name, index] of [['model.safetensors', -3], ['optimizer.safetensors', 100], ['config.json', 20], ['tokenizer.json', 5]] as const) {
      rmSync(dir, { recursive: true, force: true })
      await saveCheckpoint(dir, input())
      flipByte(name, index)
      await expectAppError(loadCheckpoint(dir), 'IO', name, 'fails its sha256 check')
    }
  })

  it('refuses a truncated file by its size', async () => {
    await saveCheckpoint(dir, input())
    const path = join(dir, 'model.safetensors')
    writeFileSync(path, readFileSync(path).subarray(0, 1000))
    await expectAppError(loadCheckpoint(dir), 'IO', 'model.safetensors', 'is 1000 bytes', 'truncated')
  })

  it('explains a missing file, a missing manifest and a missing folder', async () => {
    await saveCheckpoint(dir, input())
    rmSync(join(dir, 'tokenizer.json'))
    await expectAppError(loadCheckpoint(dir), 'IO', 'tokenizer.json is missing')
    rmSync(join(dir, 'manifest.json'))
    await expectAppError(loadCheckpoint(dir), 'IO', 'has no manifest.json')
    await expectAppError(loadCheckpoint(join(tmp.path, 'nope')), 'NOT_FOUND', 'does not exist')
  })

  /** Replaces a file and updates its digest, as a buggy or foreign writer would. */
  function rewrite(name: string, bytes: Uint8Array) {
    writeFileSync(join(dir, name), bytes)
    const manifestPath = join(dir, 'manifest.json')
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
    manifest.files[name] = { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length }
    writeFileSync(manifestPath, JSON.stringify(manifest))
  }
  /** A model.safetensors for `config` with tensors renamed, reshaped (edit) or dropped (null), plus extras. */
  const modelFile = (edit: (name: string, shape: number[]) => [string, number[]] | null, extra: TensorEntry[] = []) => {
    const entries = layout.specs.flatMap((s) => {
      const e = edit(`transformer.${s.name}`, s.shape)
      return e ? [{ name: e[0], shape: e[1], data: new Float32Array(s.size) }] : []
    })
    return Buffer.concat(encodeSafetensors([...entries, ...extra]))
  }

  it('refuses well-hashed files whose content does not fit the config', async () => {
    await saveCheckpoint(dir, input())
    rewrite('model.safetensors', Buffer.from('garbage garbage garbage'))
    await expectAppError(loadCheckpoint(dir), 'IO', 'model.safetensors', 'not a valid safetensors file')
    rewrite('model.safetensors', modelFile((n, s) => (n.endsWith('ln_f.bias') ? null : [n, s])))
    await expectAppError(loadCheckpoint(dir), 'IO', 'model.safetensors', 'has no tensor transformer.ln_f.bias')
    rewrite('model.safetensors', modelFile((n, s) => (n.endsWith('h.1.mlp.c_fc.weight') ? [n, [32, 8]] : [n, s])))
    await expectAppError(loadCheckpoint(dir), 'IO', 'transformer.h.1.mlp.c_fc.weight has shape [32,8] but the config needs [8,32]')
    rewrite('model.safetensors', modelFile((n, s) => [n, s], [{ name: 'lm_head.weight', shape: [11, 8], data: new Float32Array(88) }]))
    await expectAppError(loadCheckpoint(dir), 'IO', 'tensors the config does not define: lm_head.weight')
    rmSync(dir, { recursive: true })
    await saveCheckpoint(dir, input())
    const hf = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))
    rewrite('config.json', Buffer.from(JSON.stringify({ ...hf, n_layer: 3 })))
    await expectAppError(loadCheckpoint(dir), 'IO', 'config.json and manifest.json', 'disagree on layers')
    rewrite('config.json', Buffer.from(JSON.stringify({ ...hf, activation_function: 'relu' })))
    await expectAppError(loadCheckpoint(dir), 'IO', 'config.json', 'activation_function')
  })

  it('refuses a manifest from a newer format version', async () => {
    await saveCheckpoint(dir, input())
    const path = join(dir, 'manifest.json')
    writeFileSync(path, readFileSync(path, 'utf8').replace('"version": 1', '"version": 2'))
    await expectAppError(loadCheckpoint(dir), 'UNSUPPORTED', 'newer Continuum')
  })
})

describe('safetensors reader', () => {
  const good = () => Buffer.concat(encodeSafetensors([
    { name: 'a', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
    { name: 'b', shape: [], data: Float32Array.from([7]) },
  ], { format: 'pt' }))
  const withHeader = (header: unknown, dataBytes: number) => {
    const json = Buffer.from(JSON.stringify(header))
    const len = Buffer.alloc(8)
    len.writeBigUInt64LE(BigInt(json.length))
    return Buffer.concat([len, json, Buffer.alloc(dataBytes)])
  }
  const parseFails = (file: Uint8Array, code: string, ...fragments: string[]) => {
    let err: unknown
    try {
      parseSafetensors(file, 'x.safetensors')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe(code)
    for (const f of [...fragments, 'x.safetensors']) expect((err as AppError).message).toContain(f)
  }

  it('reads back what it writes', () => {
    const parsed = parseSafetensors(good(), 'x')
    expect(parsed.metadata).toEqual({ format: 'pt' })
    expect(parsed.tensors.map((t) => [t.name, t.shape])).toEqual([['a', [2, 3]], ['b', []]])
    expect(Buffer.from(parsed.byName.get('b')!.bytes).readFloatLE(0)).toBe(7)
  })

  it('rejects truncated, garbage and inconsistent files with the reason', () => {
    const file = good()
    parseFails(file.subarray(0, 5), 'IO', 'too short')
    parseFails(file.subarray(0, 20), 'IO', 'header claims', 'truncated')
    parseFails(file.subarray(0, file.length - 4), 'IO', 'tensor b', 'outside', 'truncated')
    parseFails(Buffer.from('this is not a safetensors file at all, just text'), 'IO', 'header claims')
    parseFails(withHeader(null, 0).fill(0x7b, 8), 'IO', 'not valid UTF-8 JSON')
    parseFails(withHeader([1, 2], 0), 'IO', 'not a JSON object')
    parseFails(withHeader({ t: { dtype: 'BF16', shape: [2], data_offsets: [0, 4] } }, 4), 'UNSUPPORTED', 'tensor t', 'BF16')
    parseFails(withHeader({ t: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8), 'IO', 'tensor t', 'needs 12')
    parseFails(withHeader({ t: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4), 'IO', 'tensor t', 'shape')
    parseFails(withHeader({ t: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8), 'IO', 'gap of 4 bytes before tensor t')
    parseFails(withHeader({ t: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, 8), 'IO', '4 bytes after the last tensor')
    parseFails(
      withHeader({ s: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, t: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8),
      'IO',
      'tensor t overlaps',
    )
    parseFails(withHeader({ __metadata__: { step: 3 } }, 0), 'IO', '__metadata__.step')
  })
})

describe('atomic save', () => {
  const siblings = () => readdirSync(join(tmp.path, 'ckpts'))

  it('leaves nothing at the target when the disk fills during the first save', async () => {
    faults.writeBudget = 2000
    await expectAppError(saveCheckpoint(dir, input()), 'IO', 'disk is full', dir)
    expect(siblings()).toEqual([])
  })

  it('keeps a save that fails mid-write from leaving anything beside the previous checkpoint', async () => {
    const next = join(tmp.path, 'ckpts', 'step-2000')
    await saveCheckpoint(dir, input(1))
    faults.writeBudget = 3000
    await expectAppError(saveCheckpoint(next, input(2)), 'IO', 'disk is full')
    expect(siblings()).toEqual(['step-1000'])
    expect((await loadCheckpoint(dir)).params).toEqual(input(1).params)
  })

  it('never rewrites an existing checkpoint folder: the save is refused and the folder is left as it was', async () => {
    const first = await saveCheckpoint(dir, input(1))
    await expectAppError(saveCheckpoint(dir, input(2)), 'CONFLICT', 'already holds a checkpoint', 'never rewritten')
    const loaded = await loadCheckpoint(dir)
    expect(loaded.params).toEqual(input(1).params)
    expect(createHash('sha256').update(readFileSync(join(dir, 'manifest.json'))).digest('hex')).toBe(first.sha256)
    expect(siblings()).toEqual(['step-1000'])
  })

  it('finds a free name beside an existing checkpoint folder', async () => {
    expect(await freeCheckpointFolder(dir)).toBe(dir)
    await saveCheckpoint(dir, input(1))
    expect(await freeCheckpointFolder(dir)).toBe(`${dir}-1`)
    await saveCheckpoint(`${dir}-1`, input(2))
    expect(await freeCheckpointFolder(dir)).toBe(`${dir}-2`)
  })

  it('refuses to replace a folder that is not a checkpoint', async () => {
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'notes.txt'), 'mine')
    await expectAppError(saveCheckpoint(dir, input()), 'CONFLICT', 'not a Continuum checkpoint')
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine')
    expect(siblings()).toEqual(['step-1000'])
  })

  it('rejects bad input before touching the disk', async () => {
    await expectAppError(saveCheckpoint(dir, input(1, { params: new Float32Array(5) })), 'BAD_REQUEST', 'params has 5 values')
    await expectAppError(saveCheckpoint(dir, input(1, { tokenizer: { kind: 'byte' } })), 'BAD_REQUEST', '257 ids', 'vocabulary is 11')
    await expectAppError(saveCheckpoint(dir, input(1, { step: -1 })), 'BAD_REQUEST', 'step')
    expect(() => readdirSync(join(tmp.path, 'ckpts'))).toThrow()
  })
})
