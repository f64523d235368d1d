/**
 * Category figures with whiskers for the 95% intervals: gain by task grouped into learned /
 * not learned (dichotomy), the final base against early fine-tunes, the ratio of change on
 * held-out tasks (forgetting), and the two scorers before and after fine-tuning.
 */
import type { DichotomyFinding, EarlyBeatsFinalFinding, Estimate, ForgettingFinding, ScorerSensitivityFinding } from '../../../shared/findings'
import type { Scheme } from '../charts/chart-theme'
import { baseOption, categoryAxis, colorOf, inkOf, intervalMarks, intervalTooltip, legend, valueAxis, type Option } from './figure-kit'

const zeroLine = (ink: ReturnType<typeof inkOf>) => ({ axisLine: { show: true, onZero: true, lineStyle: { color: ink.axis } } })

export function dichotomyOption(f: DichotomyFinding, scheme: Scheme, background = false): Option | null {
  const gains = [...f.series.gains].sort((a, b) => Number(b.learned) - Number(a.learned) || a.task.localeCompare(b.task))
  if (gains.length === 0) return null
  const ink = inkOf(scheme)
  const categories = gains.map((g) => `${g.task}\n(${g.learned ? 'learned' : 'not learned'})`)
  const group = (learned: boolean, i: number) => ({
    name: learned ? 'learned in pre-training' : 'not learned in pre-training',
    marks: gains.flatMap((g, k) => (g.learned === learned ? [{ category: k, e: g.gain }] : [])),
    color: colorOf(i, scheme),
  })
  return {
    ...baseOption(ink, background),
    legend: legend(ink),
    tooltip: intervalTooltip(ink),
    grid: { left: 64, right: 24, top: 36, bottom: 64 },
    xAxis: categoryAxis(ink, '', categories),
    yAxis: valueAxis(ink, 'gain: fine-tuned − base', { scale: false }),
    series: [group(true, 2), group(false, 1)].map((g) => intervalMarks(g.name, g.color, g.marks, { slot: 0, slots: 1, bar: true, labels: true })),
  }
}

export function earlyOption(f: EarlyBeatsFinalFinding, scheme: Scheme, background = false): Option | null {
  const tasks = f.series.tasks
  if (tasks.length === 0) return null
  const ink = inkOf(scheme)
  return {
    ...baseOption(ink, background),
    legend: legend(ink),
    tooltip: intervalTooltip(ink),
    grid: { left: 64, right: 24, top: 36, bottom: 40 },
    xAxis: categoryAxis(ink, '', tasks.map((t) => t.task)),
    yAxis: valueAxis(ink, 'score on the fine-tuned task', { scale: false }),
    series: [
      intervalMarks('final base model', colorOf(0, scheme), tasks.map((t, k) => ({ category: k, e: t.finalBase })), { slot: 0, slots: 2, bar: true, labels: true }),
      intervalMarks('fine-tuned from the earliest checkpoint that beats it (else the earliest)', colorOf(1, scheme), tasks.map((t, k) => ({ category: k, e: (t.beatenFrom ?? t.earliest).finetuned })), { slot: 1, slots: 2, bar: true, labels: true }),
    ],
  }
}

export function forgettingOption(f: ForgettingFinding, scheme: Scheme, background = false): Option | null {
  const branches = f.series.branches
  if (branches.length === 0) return null
  const ink = inkOf(scheme)
  const heldOut = [...new Set(branches.flatMap((b) => b.heldOut.map((h) => h.task)))].sort()
  return {
    ...baseOption(ink, background),
    legend: legend(ink),
    tooltip: intervalTooltip(ink),
    grid: { left: 64, right: 24, top: 30 + 22 * Math.ceil(branches.length / 3), bottom: 40 },
    xAxis: categoryAxis(ink, 'held-out task', heldOut),
    yAxis: valueAxis(ink, 'ratio of change (ft − base) / base', { scale: false, ...zeroLine(ink) }),
    series: branches.map((b, i) =>
      intervalMarks(`fine-tuned on ${b.trained} (${b.trainedKind}) from step ${b.fromStep}`, colorOf(i, scheme), b.heldOut.map((h) => ({ category: heldOut.indexOf(h.task), e: h.ratio })), { slot: i, slots: branches.length, bar: true }),
    ),
  }
}

export function scorerOption(f: ScorerSensitivityFinding, scheme: Scheme, background = false): Option | null {
  const pairs = f.series.pairs
  if (pairs.length === 0) return null
  const ink = inkOf(scheme)
  // Only the cells that were scored both ways: a task learned in pre-training is often never
  // fine-tuned, and an empty "fine-tuned" slot read as a score of 0.
  const cells = pairs.flatMap((p) => [
    ...(p.base ? [{ label: `${p.task}\nbase`, scores: p.base }] : []),
    ...(p.finetuned ? [{ label: `${p.task}\nfine-tuned`, scores: p.finetuned }] : []),
  ])
  if (cells.length === 0) return null
  const categories = cells.map((c) => c.label)
  const marks = (pick: (s: { tokenProb: Estimate; generation: Estimate }) => Estimate) => cells.map((c, category) => ({ category, e: pick(c.scores) }))
  return {
    ...baseOption(ink, background),
    legend: legend(ink),
    tooltip: intervalTooltip(ink),
    grid: { left: 64, right: 24, top: 36, bottom: 56 },
    xAxis: categoryAxis(ink, '', categories),
    yAxis: valueAxis(ink, 'accuracy', { scale: false, min: 0, max: 1 }),
    series: [
      intervalMarks('TokenProb (label-token argmax)', colorOf(0, scheme), marks((s) => s.tokenProb), { slot: 0, slots: 2, bar: true, labels: true }),
      intervalMarks('free generation (exact match)', colorOf(1, scheme), marks((s) => s.generation), { slot: 1, slots: 2, bar: true, labels: true }),
    ],
  }
}
