/**
 * One bench:gemm measurement process (started by gemm.bench.ts with the relaxed-SIMD flag on
 * Node 20): GFLOP/s of each product on the wasm backend, on Continuum's GEMM and on XNNPACK.
 * XNNPACK gets contiguous, already transposed operands (how the engine called it before the
 * GEMM), so its figure is the kernel's alone, without the transposes it needed.
 * Argument: JSON { shapes: GemmShape[], warmup, samples }. Prints one JSON line.
 */
import { gemmActive, useGemm } from '../electron/core/engine/kernels/gemm'
import { makeOps } from '../electron/core/engine/ops'
import { selectBackend, tf } from '../electron/core/engine/tf'
import { flops, type GemmShape } from './gemm-shapes'

interface Job {
  shapes: GemmShape[]
  warmup: number
  samples: number
}

function medianMs(run: () => void, warmup: number, samples: number): number {
  for (let i = 0; i < warmup; i++) run()
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now()
    run()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return times[times.length >> 1]!
}

function product(s: GemmShape, asEngine: boolean) {
  // Continuum's GEMM takes the operands as the engine holds them; XNNPACK takes them plain.
  const [ta, tb] = asEngine ? [s.transA, s.transB] : [false, false]
  const a = tf.randomNormal(ta ? [s.k, s.m] : [s.m, s.k]) as tf.Tensor2D
  const b = tf.randomNormal(tb ? [s.n, s.k] : [s.k, s.n]) as tf.Tensor2D
  const bias = s.bias ? (tf.randomNormal([s.n]) as tf.Tensor1D) : undefined
  const run = () => (bias ? tf.fused.matMul({ a, b, bias, transposeA: ta, transposeB: tb }) : tf.matMul(a, b, ta, tb)).dispose()
  return { run, dispose: () => tf.dispose([a, b, ...(bias ? [bias] : [])]) }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as Job
  const choice = await selectBackend('wasm')
  makeOps(choice.name)
  const relaxedSimd = gemmActive()
  const results = job.shapes.map((s) => {
    const gflops = (ms: number) => flops(s) / ms / 1e6
    const row: { gemm?: number; xnnpack: number } = { xnnpack: 0 }
    for (const engine of relaxedSimd ? [true, false] : [false]) {
      useGemm(engine)
      const p = product(s, engine)
      const g = gflops(medianMs(p.run, job.warmup, job.samples))
      p.dispose()
      if (engine) row.gemm = g
      else row.xnnpack = g
    }
    useGemm(relaxedSimd)
    return row
  })
  console.log(JSON.stringify({ relaxedSimd, results }))
}

void main()
