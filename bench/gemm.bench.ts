/**
 * `npm run bench:gemm`: GFLOP/s of every matrix product of a training step, for configs S and
 * M of bench:train and the built-in study's model, each on one core: Continuum's relaxed-SIMD
 * GEMM, XNNPACK (tfjs-backend-wasm), and PyTorch's BLAS (Debian's python3-torch, one thread),
 * on the same shapes. Each side warms up 3 calls, then reports the median of 11. A run during
 * which other processes used more than 0.2 cores is marked "under load" (competing-load.ts).
 *
 * The shapes are one gradient thread's: bench:train runs 2 threads, each on half the batch of
 * 16 (the study's fine-tuning batch is 16 too).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { studyTemplate } from '../electron/core/experiments/templates'
import { RELAXED_SIMD_EXEC_ARGV } from '../electron/core/engine/kernels/relaxed-simd'
import type { ModelConfig } from '../shared'
import { underLoadNote, withCompetingLoad } from './competing-load'
import { flops, stepShapes, type GemmShape } from './gemm-shapes'

const WARMUP = 3
const SAMPLES = 11
const ROWS_PER_THREAD = 8

const CONFIGS: [string, Pick<ModelConfig, 'width' | 'vocab' | 'context'>][] = [
  ['S', { layers: 2, heads: 4, width: 128, context: 64, vocab: 257, dropout: 0 }],
  ['M', { layers: 4, heads: 8, width: 256, context: 128, vocab: 257, dropout: 0 }],
  ['study', studyTemplate({ scale: 'default' }).model],
]

interface WasmResult {
  relaxedSimd: boolean
  results: { gemm?: number; xnnpack: number }[]
}

interface TorchResult {
  gflops: number[]
  threads: number
  torch: string
  blas: string[]
}

function wasm(shapes: GemmShape[]): WasmResult {
  const job = JSON.stringify({ shapes, warmup: WARMUP, samples: SAMPLES })
  const out = spawnSync(process.execPath, [...RELAXED_SIMD_EXEC_ARGV, '--import', 'tsx', join(__dirname, 'gemm-run.ts'), job], { encoding: 'utf8', timeout: 30 * 60_000 })
  const line = out.stdout.trim().split('\n').pop() ?? ''
  try {
    return JSON.parse(line) as WasmResult
  } catch {
    throw new Error(`the wasm measurement failed: ${(out.stderr || out.stdout || `exit ${out.status}`).trim().split('\n').slice(-3).join(' ')}`)
  }
}

function torch(shapes: GemmShape[]): TorchResult | string {
  try {
    const job = JSON.stringify({ shapes, warmup: WARMUP, samples: SAMPLES, threads: 1 })
    const line = execFileSync('/usr/bin/python3', [join(__dirname, 'python', 'torch_gemm_speed.py'), job], { encoding: 'utf8', timeout: 10 * 60_000, stdio: ['ignore', 'pipe', 'pipe'] })
    return JSON.parse(line.trim().split('\n').pop()!) as TorchResult
  } catch (error) {
    return `PyTorch reference unavailable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
  }
}

const col = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(1)).padStart(8)

function main(): void {
  console.log(`Continuum GEMM benchmark — one core, Node ${process.version}, ${ROWS_PER_THREAD} sequences per gradient thread, median of ${SAMPLES} after ${WARMUP} warm-up calls`)
  // One config at a time, each side in turn, so a change in the machine's load hits all alike.
  const shapes: GemmShape[] = []
  const ours: WasmResult = { relaxedSimd: true, results: [] }
  let ref: TorchResult | string = { gflops: [], threads: 1, torch: '', blas: [] }
  const { otherCores } = withCompetingLoad(() => {
    for (const [name, config] of CONFIGS) {
      const part = stepShapes(name, config, ROWS_PER_THREAD * config.context)
      shapes.push(...part)
      const w = wasm(part)
      ours.relaxedSimd &&= w.relaxedSimd
      ours.results.push(...w.results)
      const t = torch(part)
      ref = typeof ref === 'string' ? ref : typeof t === 'string' ? t : { ...t, gflops: [...ref.gflops, ...t.gflops] }
    }
  })
  if (!ours.relaxedSimd) console.log('  relaxed SIMD is not available in this runtime: the engine runs XNNPACK, and the GEMM column is empty')
  if (typeof ref === 'string') console.log(`  ${ref}`)
  else console.log(`  PyTorch ${ref.torch}: ${ref.threads} thread, BLAS ${ref.blas.join(', ') || 'built in'}`)
  console.log(`\n  ${'product'.padEnd(22)} ${'m×k·k×n'.padEnd(18)} ${'op'.padEnd(3)}    GEMM  XNNPACK  PyTorch   (GFLOP/s)`)
  const totals = { gemm: 0, xnnpack: 0, torch: 0, flops: 0 }
  shapes.forEach((s, i) => {
    const r = ours.results[i]!
    const t = typeof ref === 'string' ? undefined : ref.gflops[i]
    const op = `${s.transA ? 'T' : 'N'}${s.transB ? 'T' : 'N'}${s.bias ? '+' : ''}`
    console.log(`  ${s.label.padEnd(22)} ${`${s.m}×${s.k}·${s.k}×${s.n}`.padEnd(18)} ${op.padEnd(3)} ${col(r.gemm)} ${col(r.xnnpack)} ${col(t)}`)
    // Time-weighted totals: the GFLOP/s of the whole step's products run back to back.
    const f = flops(s)
    totals.flops += f
    if (r.gemm) totals.gemm += f / r.gemm
    totals.xnnpack += f / r.xnnpack
    if (t) totals.torch += f / t
  })
  const overall = (seconds: number) => (seconds > 0 ? totals.flops / seconds : undefined)
  console.log(`  ${'all products'.padEnd(22)} ${''.padEnd(18)} ${''.padEnd(3)} ${col(overall(totals.gemm))} ${col(overall(totals.xnnpack))} ${col(overall(totals.torch))}`)
  const note = underLoadNote(otherCores)
  if (note) console.log(note)
}

main()
