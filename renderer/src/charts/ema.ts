/**
 * TensorBoard's smoothing: an exponential moving average with debiasing, so the first points
 * are not dragged towards zero. With weight α and the plotted values x₁…x_t,
 *
 *   smoothed_t = (1−α)·Σᵢ α^(t−i)·xᵢ / (1 − α^t)
 *
 * computed incrementally. Gaps (null) are skipped and stay gaps; α = 0 returns the input.
 */
export function debiasedEma(values: ArrayLike<number | null | undefined>, alpha: number): (number | null)[] {
  const out: (number | null)[] = new Array<number | null>(values.length)
  let last = 0
  let count = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v === null || v === undefined || !Number.isFinite(v)) {
      out[i] = null
      continue
    }
    count += 1
    last = last * alpha + (1 - alpha) * v
    out[i] = alpha === 0 ? v : last / (1 - alpha ** count)
  }
  return out
}
