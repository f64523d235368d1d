/**
 * Whether an LR schedule fits the phase it drives. A decay end past the phase's last step
 * leaves the rate high when training stops (decay to 400 in a 60-step run ends at 99% of the
 * peak); one well before it spends the rest at the floor; a warm-up as long as the phase never
 * reaches the peak. Each is allowed, and each is worth saying before a run is started.
 */
import { lrAt, type LrSchedule } from '../../../shared/schedules'
import { formatMetric } from '../format/numbers'

export function lrFitWarnings(lr: LrSchedule, steps: number): string[] {
  if (lr.kind === 'constant') return []
  const out: string[] = []
  const last = steps - 1
  if (lr.warmup >= steps) out.push(`Warm-up (${lr.warmup} steps) lasts the whole phase (${steps} steps): the rate never reaches its peak.`)
  else if (lr.warmup >= lr.total) out.push(`Warm-up (${lr.warmup} steps) ends after the decay end (step ${lr.total}).`)
  if (lr.total > steps)
    out.push(`Decays to step ${lr.total}, but the phase has ${steps} steps: the rate ends at ${formatMetric(lrAt(lr, last))}, ${Math.round((100 * lrAt(lr, last)) / Math.max(lr.peak, 1e-12))}% of the peak, not at the floor ${formatMetric(lr.floor)}.`)
  else if (lr.total < steps) {
    const atFloor = steps - lr.total
    out.push(`Decay ends at step ${lr.total}: the last ${atFloor} of ${steps} steps (${Math.round((100 * atFloor) / steps)}%) train at the floor ${formatMetric(lr.floor)}.`)
  }
  return out
}
