/**
 * `npm run bench:train`: training throughput of the GPT on every backend available here, for
 * config S (2 layers, width 128, 4 heads, context 64) and M (4 layers, width 256, 8 heads,
 * context 128), batch 16, with peak memory; and, when Debian's python3-torch is present, the
 * same model in PyTorch on the CPU measured in the same run, and the ratio.
 * Target: wasm ≥ 0.3× PyTorch CPU on config M.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { selectBackend, type BackendName } from '../electron/core/engine/tf'
import type { ModelConfig } from '../shared'

const CONFIGS: Record<'S' | 'M', ModelConfig> = {
  S: { layers: 2, heads: 4, width: 128, context: 64, vocab: 257, dropout: 0 },
  M: { layers: 4, heads: 8, width: 256, context: 128, vocab: 257, dropout: 0 },
}
const BATCH = 16
const cores = cpus().length
const quick = process.argv.includes('--quick')

interface Result {
  tokensPerSecond?: number
  stepMs?: number
  peakRssMB?: number
  error?: string
}

function run(config: ModelConfig, backend: BackendName, threads: number, warmup: number, steps: number): Result {
  const job = JSON.stringify({ config, batch: BATCH, backend, threads, warmup, steps })
  const out = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'train-run.ts'), job], { encoding: 'utf8', timeout: 30 * 60_000 })
  const line = out.stdout.trim().split('\n').pop() ?? ''
  try {
    return JSON.parse(line) as Result
  } catch {
    return { error: (out.stderr || out.stdout || `exit ${out.status}`).trim().split('\n').slice(-3).join(' ') }
  }
}

function torch(config: ModelConfig, steps: number): Result & { blas?: string[]; threads?: number } {
  try {
    const line = execFileSync('/usr/bin/python3', [join(__dirname, 'python', 'torch_train_speed.py'), JSON.stringify({ ...config, batch: BATCH, steps })], {
      encoding: 'utf8',
      timeout: 10 * 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const r = JSON.parse(line.trim().split('\n').pop()!) as { tokens_per_second: number; step_ms: number; blas: string[]; threads: number }
    return { tokensPerSecond: r.tokens_per_second, stepMs: r.step_ms, blas: r.blas, threads: r.threads }
  } catch (error) {
    return { error: `PyTorch reference unavailable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` }
  }
}

const fmt = (r: Result) =>
  r.error ? `unavailable: ${r.error}` : `${Math.round(r.tokensPerSecond!).toLocaleString().padStart(7)} tokens/s  ${r.stepMs!.toFixed(0).padStart(6)} ms/step  peak ${Math.round(r.peakRssMB ?? 0)} MB`

async function main(): Promise<void> {
  console.log(`Continuum training benchmark — ${cores} cores, Node ${process.version}, batch ${BATCH}${quick ? ' (quick)' : ''}`)
  // Both sides use every core; anything else running skews the ratio (PyTorch's OpenMP threads
  // suffer most), so say so when the machine is not quiet.
  const load = loadavg()[0]!
  if (load > 0.5) console.log(`  warning: load average ${load.toFixed(2)} before starting; other processes are competing for the cores and the figures will be low`)
  // Which native backends exist here, and why not.
  const probe = await selectBackend('auto')
  for (const u of probe.unavailable) console.log(`  ${u.name}: unavailable — ${u.reason}`)
  const native = (['tfjs-node-gpu', 'tfjs-node'] as const).filter((b) => !probe.unavailable.some((u) => u.name === b))

  for (const [name, config] of Object.entries(CONFIGS) as ['S' | 'M', ModelConfig][]) {
    const big = name === 'M'
    console.log(`\nconfig ${name}: ${config.layers} layers, width ${config.width}, ${config.heads} heads, context ${config.context}`)
    const rows: [string, Result][] = []
    for (const b of native) rows.push([b, run(config, b, 1, 1, quick ? 2 : 5)])
    rows.push(['wasm, 1 thread', run(config, 'wasm', 1, 1, quick ? 2 : big ? 4 : 10)])
    if (cores > 1) rows.push([`wasm, ${cores} threads`, run(config, 'wasm', cores, 1, quick ? 2 : big ? 6 : 15)])
    // The pure-JS cpu backend is ~30 tokens/s on M: one step there is already a minute.
    rows.push(['cpu', run(config, 'cpu', 1, big ? 0 : 1, big || quick ? 1 : 3)])
    const ref = torch(config, quick ? 2 : big ? 5 : 10)
    for (const [label, r] of rows) console.log(`  ${label.padEnd(22)} ${fmt(r)}`)
    console.log(`  ${'PyTorch CPU'.padEnd(22)} ${ref.error ?? `${Math.round(ref.tokensPerSecond!).toLocaleString().padStart(7)} tokens/s  ${ref.stepMs!.toFixed(0).padStart(6)} ms/step  (${ref.threads} threads, BLAS: ${ref.blas?.join(', ')})`}`)
    if (ref.tokensPerSecond) {
      const best = Math.max(...rows.filter(([l]) => l.startsWith('wasm')).map(([, r]) => r.tokensPerSecond ?? 0))
      const ratio = best / ref.tokensPerSecond
      console.log(`  ratio wasm / PyTorch CPU: ${ratio.toFixed(2)}×${big ? `  (target ≥ 0.30× → ${ratio >= 0.3 ? 'met' : 'NOT met'})` : ''}`)
    }
  }
}

void main()
