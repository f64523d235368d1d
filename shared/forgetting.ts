/**
 * What fine-tuning gains and forgets, as pure functions (formulas in DESIGN.md):
 * gain and ratio of change per task, the paper's mean ratio of change (MRC) over held-out
 * tasks, the continual-learning accuracy matrix summaries ACC, BWT, FWT (Lopez-Paz & Ranzato
 * 2017) and forgetting (Chaudhry et al. 2018), and prompt-format sensitivity. The renderer's
 * heatmaps and the CLI's tables call these same functions.
 */
import { Rng, deriveSeed } from './random'
import { quantileSorted, type Interval } from './eval/bootstrap'

export const gain = (base: number, finetuned: number): number => finetuned - base

/** (finetuned − base) / base; undefined when the base score is 0. */
export function ratioOfChange(base: number, finetuned: number): number | null {
  return base === 0 ? null : (finetuned - base) / base
}

/**
 * Mean ratio of change over held-out tasks: MRC = mean_d (ft(d) − base(d)) / base(d).
 * Tasks with a zero base score are left out (the ratio is undefined) and counted in `skipped`.
 */
export function meanRatioOfChange(pairs: { base: number; finetuned: number }[]): { mrc: number | null; used: number; skipped: number } {
  const ratios = pairs.map((p) => ratioOfChange(p.base, p.finetuned)).filter((r): r is number => r !== null)
  return { mrc: ratios.length ? ratios.reduce((a, b) => a + b, 0) / ratios.length : null, used: ratios.length, skipped: pairs.length - ratios.length }
}

export interface ContinualSummary {
  /** Mean final score over all tasks: (1/T) Σ_j R[T][j]. */
  acc: number
  /** Backward transfer: (1/(T−1)) Σ_{i<T} (R[T][i] − R[i][i]); negative means forgetting. */
  bwt: number
  /** Forward transfer: (1/(T−1)) Σ_{i≥2} (R[i−1][i] − b_i); null without the initial scores b. */
  fwt: number | null
  /** Per task j < T: max_{l<T} R[l][j] − R[T][j]. */
  forgetting: number[]
  /** Mean of `forgetting`. */
  meanForgetting: number
}

/**
 * `R[i][j]`: score on task j after training stage i (both 0-based here: stage i trained task
 * i); `initial[j]`: score on task j before any stage. R must be T × T.
 */
export function continualSummary(R: number[][], initial?: number[]): ContinualSummary {
  const T = R.length
  if (T < 2) throw new Error('an accuracy matrix needs at least two stages')
  R.forEach((row, i) => {
    if (row.length !== T) throw new Error(`row ${i} of the accuracy matrix has ${row.length} entries; expected ${T}`)
  })
  const last = R[T - 1]!
  const acc = last.reduce((a, b) => a + b, 0) / T
  let bwt = 0
  for (let i = 0; i < T - 1; i++) bwt += last[i]! - R[i]![i]!
  bwt /= T - 1
  let fwt: number | null = null
  if (initial) {
    if (initial.length !== T) throw new Error(`the initial scores have ${initial.length} entries; expected ${T}`)
    fwt = 0
    for (let i = 1; i < T; i++) fwt += R[i - 1]![i]! - initial[i]!
    fwt /= T - 1
  }
  const forgetting = Array.from({ length: T - 1 }, (_, j) => Math.max(...R.slice(0, T - 1).map((row) => row[j]!)) - last[j]!)
  return { acc, bwt, fwt, forgetting, meanForgetting: forgetting.reduce((a, b) => a + b, 0) / forgetting.length }
}

/** How much a score depends on the prompt format: the range and standard deviation across formats. */
export function formatSensitivity(scores: number[]): { spread: number; std: number } {
  if (scores.length === 0) return { spread: 0, std: 0 }
  const m = scores.reduce((a, b) => a + b, 0) / scores.length
  return {
    spread: Math.max(...scores) - Math.min(...scores),
    std: Math.sqrt(scores.reduce((a, s) => a + (s - m) ** 2, 0) / scores.length),
  }
}

/**
 * A bootstrap interval for the gain of a fine-tuned model over its base on the same test
 * examples: resample examples (pairs), so the interval reflects the paired design.
 */
export function pairedGainInterval(base: ArrayLike<number>, finetuned: ArrayLike<number>, options: { seed: number; resamples?: number; level?: number }): Interval {
  if (base.length !== finetuned.length || base.length === 0) throw new Error('paired scores must be non-empty and of equal length')
  const n = base.length
  const resamples = options.resamples ?? 3000
  const level = options.level ?? 0.95
  const diff = Float64Array.from({ length: n }, (_, i) => finetuned[i]! - base[i]!)
  const estimate = diff.reduce((a, b) => a + b, 0) / n
  const rng = new Rng(deriveSeed(options.seed, 'paired-gain'))
  const stats = new Float64Array(resamples)
  for (let r = 0; r < resamples; r++) {
    let s = 0
    for (let i = 0; i < n; i++) s += diff[rng.int(n)]!
    stats[r] = s / n
  }
  stats.sort()
  return { estimate, low: quantileSorted(stats, (1 - level) / 2), high: quantileSorted(stats, (1 + level) / 2), n }
}
