/**
 * `npm run bench:train`: training throughput of the GPT on every backend available here, for
 * config S (2 layers, width 128, 4 heads, context 64) and M (4 layers, width 256, 8 heads,
 * context 128), batch 16, with peak memory; and, when Debian's python3-torch is present, the
 * same model in PyTorch on the CPU measured in the same run, and the ratio.
 *
 * Both sides warm up at least 3 steps and until their step times settle, then report the
 * median step (a single warm-up step and a mean read PyTorch 2-3x too slow on S). The wasm
 * engine and PyTorch are measured 3 times, interleaved, and the ratio printed as min / median /
 * max. A measurement during which other processes used more than 0.2 cores is marked "under
 * load" (bench/competing-load.ts).
 * Target: wasm ≥ 0.5× PyTorch CPU on config M (issue 14). Then the step profile of config M on
 * every core (train-profile.ts): the share of each part of one step.
 *
 * Options: `--config S|M` runs one config only; `--profile-only` prints only the step profile
 * (of M, or of the config named), so a before/after comparison of the shares takes a minute:
 * `npm run bench:train -- --profile-only`.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { RELAXED_SIMD_EXEC_ARGV } from '../electron/core/engine/kernels/relaxed-simd'
import { selectBackend, type BackendName } from '../electron/core/engine/tf'
import type { ModelConfig } from '../shared'
import { underLoadNote, withCompetingLoad } from './competing-load'
import type { StepProfile } from './train-profile'

const CONFIGS: Record<'S' | 'M', ModelConfig> = {
  S: { layers: 2, heads: 4, width: 128, context: 64, vocab: 257, dropout: 0 },
  M: { layers: 4, heads: 8, width: 256, context: 128, vocab: 257, dropout: 0 },
}
const BATCH = 16
const cores = cpus().length
const quick = process.argv.includes('--quick')
const profileOnly = process.argv.includes('--profile-only')
const onlyConfig = process.argv.includes('--config') ? process.argv[process.argv.indexOf('--config') + 1] : undefined

interface Result {
  tokensPerSecond?: number
  stepMs?: number
  peakRssMB?: number
  warmupSteps?: number
  error?: string
  /** Cores other processes used on average during the measurement (null where /proc is missing). */
  otherCores?: number | null
}

const ROUNDS = 3

/** Runs a measurement and notes how much CPU other processes took meanwhile. */
function measured<R extends Result>(f: () => R): R {
  const { result, otherCores } = withCompetingLoad(f)
  return { ...result, otherCores }
}

function run(config: ModelConfig, backend: BackendName, threads: number, warmup: number, steps: number): Result {
  return measured(() => runOnce(config, backend, threads, warmup, steps))
}

function runOnce(config: ModelConfig, backend: BackendName, threads: number, warmup: number, steps: number): Result {
  return trainRun<Result>({ config, batch: BATCH, backend, threads, warmup, steps })
}

/** train-run.ts in a process of its own, with relaxed SIMD: its last line of output. */
function trainRun<R extends object>(job: object): R | { error: string } {
  const out = spawnSync(process.execPath, [...RELAXED_SIMD_EXEC_ARGV, '--import', 'tsx', join(__dirname, 'train-run.ts'), JSON.stringify(job)], { encoding: 'utf8', timeout: 30 * 60_000 })
  const line = out.stdout.trim().split('\n').pop() ?? ''
  try {
    return JSON.parse(line) as R
  } catch {
    return { error: (out.stderr || out.stdout || `exit ${out.status}`).trim().split('\n').slice(-3).join(' ') }
  }
}

/** The step profile of a config on every core, as a table of each part's time and share of the step. */
function printProfile(config: ModelConfig, steps: number): void {
  const { result: prof, otherCores } = withCompetingLoad(() => trainRun<StepProfile>({ config, batch: BATCH, backend: 'wasm', threads: cores, warmup: 3, steps, profile: true }))
  if (!('parts' in prof)) return void console.log(`  step profile unavailable: ${prof.error}`)
  const total = prof.parts.reduce((a, x) => a + x.ms, 0)
  console.log(`  step profile, wasm, ${prof.threads} threads, median of ${prof.steps} steps${underLoadNote(otherCores)}:`)
  console.log(`    ${'part'.padEnd(42)} ${'ms/step'.padStart(8)} ${'share'.padStart(7)}`)
  for (const { part, ms } of prof.parts) console.log(`    ${part.padEnd(42)} ${ms.toFixed(1).padStart(8)} ${`${((100 * ms) / total).toFixed(1)}%`.padStart(7)}`)
  console.log(`    ${'sum of the parts'.padEnd(42)} ${total.toFixed(1).padStart(8)} ${'100.0%'.padStart(7)}   (whole step measured: ${prof.stepMs.toFixed(1)} ms)`)
}

type TorchResult = Result & { blas?: string[]; threads?: number; torch?: string }

function torch(config: ModelConfig, steps: number): TorchResult {
  return measured(() => torchOnce(config, steps))
}

function torchOnce(config: ModelConfig, steps: number): TorchResult {
  try {
    const line = execFileSync('/usr/bin/python3', [join(__dirname, 'python', 'torch_train_speed.py'), JSON.stringify({ ...config, batch: BATCH, steps })], {
      encoding: 'utf8',
      timeout: 10 * 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const r = JSON.parse(line.trim().split('\n').pop()!) as { tokens_per_second: number; step_ms: number; blas: string[]; threads: number; warmup_steps: number; torch: string }
    return { tokensPerSecond: r.tokens_per_second, stepMs: r.step_ms, blas: r.blas, threads: r.threads, warmupSteps: r.warmup_steps, torch: r.torch }
  } catch (error) {
    return { error: `PyTorch reference unavailable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` }
  }
}

const fmt = (r: Result) =>
  r.error
    ? `unavailable: ${r.error}`
    : `${Math.round(r.tokensPerSecond!).toLocaleString().padStart(7)} tokens/s  ${r.stepMs!.toFixed(0).padStart(6)} ms/step (median, after ${r.warmupSteps ?? 0} warm-up)${r.peakRssMB ? `  peak ${Math.round(r.peakRssMB)} MB` : ''}${underLoadNote(r.otherCores)}`
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

async function main(): Promise<void> {
  console.log(`Continuum training benchmark — ${cores} cores, Node ${process.version}, batch ${BATCH}${quick ? ' (quick)' : ''}`)
  if (onlyConfig !== undefined && !(onlyConfig in CONFIGS)) throw new Error(`--config takes ${Object.keys(CONFIGS).join(' or ')}, not '${onlyConfig}'`)
  const chosen = (Object.entries(CONFIGS) as ['S' | 'M', ModelConfig][]).filter(([name]) => (onlyConfig ?? (profileOnly ? 'M' : name)) === name)
  if (profileOnly) {
    for (const [name, config] of chosen) {
      console.log(`\nconfig ${name}: ${config.layers} layers, width ${config.width}, ${config.heads} heads, context ${config.context}`)
      printProfile(config, quick ? 2 : 5)
    }
    return
  }
  // Both sides use every core; anything else running skews the ratio (PyTorch's OpenMP threads
  // suffer most), so each figure says when other processes took CPU while it was measured.
  // Which native backends exist here, and why not.
  const probe = await selectBackend('auto')
  for (const u of probe.unavailable) console.log(`  ${u.name}: unavailable — ${u.reason}`)
  const native = (['tfjs-node-gpu', 'tfjs-node'] as const).filter((b) => !probe.unavailable.some((u) => u.name === b))

  for (const [name, config] of chosen) {
    const big = name === 'M'
    console.log(`\nconfig ${name}: ${config.layers} layers, width ${config.width}, ${config.heads} heads, context ${config.context}`)
    const rows: [string, Result][] = []
    for (const b of native) rows.push([b, run(config, b, 1, 3, quick ? 2 : 5)])
    rows.push(['wasm, 1 thread', run(config, 'wasm', 1, 3, quick ? 2 : big ? 4 : 10)])
    // The pure-JS cpu backend is ~30 tokens/s on M: one step there is already a minute.
    rows.push(['cpu', run(config, 'cpu', 1, big ? 0 : 1, big || quick ? 1 : 3)])
    for (const [label, r] of rows) console.log(`  ${label.padEnd(24)} ${fmt(r)}`)
    // The ratio: the engine on every core against PyTorch on every core, interleaved so a
    // change in the machine's state hits both sides alike.
    const rounds = quick ? 1 : ROUNDS
    const ratios: number[] = []
    let reference: TorchResult | undefined
    for (let i = 0; i < rounds; i++) {
      const ours = run(config, 'wasm', cores, 3, quick ? 2 : big ? 6 : 15)
      const ref = torch(config, quick ? 3 : big ? 7 : 15)
      reference = ref
      console.log(`  round ${i + 1}: ${`wasm, ${cores} threads`.padEnd(15)} ${fmt(ours)}`)
      console.log(`  round ${i + 1}: ${'PyTorch CPU'.padEnd(15)} ${ref.error ?? fmt(ref)}`)
      if (ours.tokensPerSecond && ref.tokensPerSecond) ratios.push(ours.tokensPerSecond / ref.tokensPerSecond)
    }
    if (reference && !reference.error) console.log(`  PyTorch ${reference.torch}: ${reference.threads} threads, BLAS ${reference.blas?.join(', ')}`)
    if (ratios.length > 0) {
      const m = median(ratios)
      console.log(
        `  ratio wasm / PyTorch CPU over ${ratios.length} interleaved rounds: min ${Math.min(...ratios).toFixed(2)}×, median ${m.toFixed(2)}×, max ${Math.max(...ratios).toFixed(2)}×` +
          (big ? `  (target ≥ 0.50× → ${m >= 0.5 ? 'met' : 'NOT met'})` : ''),
      )
    }
    if (big) printProfile(config, quick ? 2 : 5)
  }
}

void main()
