/**
 * A checkpoint saved by the engine loads in PyTorch (bench/python/load_checkpoint.py) and gives
 * the same next-token log-probabilities as the TF.js model: the saved layout is really HF's
 * GPT-2 layout, and our forward pass is really GPT-2's.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { saveCheckpoint } from '../../electron/core/engine/checkpoint'
import { Gpt } from '../../electron/core/engine/model'
import { initParams, paramLayout } from '../../electron/core/engine/params'
import { Rng, type ModelConfig } from '../../shared'
import { useBackend } from '../helpers/engine'
import { tempDir } from '../helpers/temp'

const PYTHON = '/usr/bin/python3'
const SCRIPT = resolve(__dirname, '../../bench/python/load_checkpoint.py')

function torchProblem(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 })
  if (probe.status === 0) return null
  return probe.error?.message ?? (probe.stderr.trim().split('\n').pop() || `exit code ${probe.status}`)
}

const problem = torchProblem()
const required = Boolean(process.env.CONTINUUM_REQUIRE_TORCH)
if (problem && !required)
  console.warn(`checkpoint-python: skipped, ${PYTHON} cannot import torch (${problem}). Install Debian's python3-torch, or set CONTINUUM_REQUIRE_TORCH=1 to make this a failure.`)

function runPython(dir: string, tokens: number[][]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(PYTHON, [SCRIPT, dir], { input: JSON.stringify({ tokens }), encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 })
  if (r.error) throw r.error
  return r
}

const config: ModelConfig = { layers: 2, heads: 4, width: 32, context: 16, vocab: 40, dropout: 0.1 }
const chars = Array.from('abcdefghijklmnopqrstuvwxyz .,;:!?0123456789').slice(0, config.vocab - 2)

/** A random model saved to `dir`. */
async function saveRandom(dir: string, rng: Rng): Promise<Float32Array> {
  // Scaled above the real init (std 0.02) and with non-trivial LayerNorm gains and biases so
  // the logits are far from uniform (log-probs down to about -9) and a wrong layout, head split
  // or activation shows up; larger scales make float32 rounding alone exceed 1e-4.
  const params = initParams(paramLayout(config), 4).map((v) => v * 3 + rng.normal() * 0.05)
  await saveCheckpoint(dir, { config, tokenizer: { kind: 'char', chars }, params, runId: null, step: 0, tokensSeen: 0, parent: null, phase: 'pretrain', seed: 4 })
  return params
}

describe.skipIf(problem !== null && !required)('checkpoint in PyTorch', () => {
  const tmp = tempDir()
  afterAll(() => tmp.cleanup())

  // wasm: the products run on the relaxed-SIMD GEMM (kernels/gemm.ts) where the runtime has it.
  it.each(['cpu', 'wasm'] as const)('gives the log-probabilities the TF.js model gives on %s, within 1e-4', async (backend) => {
    expect(problem, `${PYTHON} cannot import torch (CONTINUUM_REQUIRE_TORCH is set)`).toBeNull()
    const ops = await useBackend(backend)
    const rng = new Rng(9)
    const dir = join(tmp.path, `ckpt-${backend}`)
    const params = await saveRandom(dir, rng)

    const batch = 3
    const time = config.context
    const rows = Array.from({ length: batch }, () => Array.from({ length: time }, () => rng.int(config.vocab)))
    const model = new Gpt(config, ops)
    const ours = model.logProbs(params, Int32Array.from(rows.flat()), batch, time)
    model.dispose()

    const out = runPython(dir, rows)
    expect(out.status, out.stderr).toBe(0)
    const theirs = JSON.parse(out.stdout) as { impl: string; logProbs: number[][][] }
    console.info(`checkpoint-python: PyTorch implementation used: ${theirs.impl}`)
    expect(theirs.logProbs).toHaveLength(batch)
    let maxDiff = 0
    let spread = 0
    for (let b = 0; b < batch; b++)
      for (let t = 0; t < time; t++) {
        const row = theirs.logProbs[b]![t]!
        expect(row).toHaveLength(config.vocab)
        for (let v = 0; v < config.vocab; v++) {
          const ourValue = ours[(b * time + t) * config.vocab + v]!
          maxDiff = Math.max(maxDiff, Math.abs(ourValue - row[v]!))
          spread = Math.max(spread, Math.abs(ourValue + Math.log(config.vocab)))
        }
      }
    // Guards against a comparison that passes because both sides are near uniform.
    expect(spread).toBeGreaterThan(3)
    expect(maxDiff).toBeLessThan(1e-4)
  })

  it('refuses a checkpoint whose weights were modified', async () => {
    expect(problem, `${PYTHON} cannot import torch (CONTINUUM_REQUIRE_TORCH is set)`).toBeNull()
    const dir = join(tmp.path, 'modified')
    await saveRandom(dir, new Rng(1))
    const path = join(dir, 'model.safetensors')
    const bytes = readFileSync(path)
    bytes[bytes.length - 1]! ^= 0x01
    writeFileSync(path, bytes)
    const out = runPython(dir, [[1, 2, 3]])
    expect(out.status).toBe(2)
    expect(out.stderr).toContain('model.safetensors')
  })
})
