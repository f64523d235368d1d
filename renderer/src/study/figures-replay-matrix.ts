/**
 * Replay: held-out pre-training loss (lower is better) and knowledge against the replay ratio,
 * one line per sweep with whiskers, the checkpoint's value before fine-tuning dashed. Sequence:
 * each accuracy matrix as a heatmap with its cells' values and intervals, ACC/BWT/FWT below.
 */
import type { Estimate, ReplayFinding, SequenceFinding } from '../../../shared/findings'
import { est, pct, replayText, signedEst } from '../../../shared/findings'
import type { Scheme } from '../charts/chart-theme'
import { baseOption, categoryAxis, colorOf, inkOf, intervalMarks, intervalTooltip, legend, valueAxis, withAlpha, type Option } from './figure-kit'

export function replayOption(f: ReplayFinding, scheme: Scheme, background = false): Option | null {
  const sweeps = f.series.sweeps
  if (sweeps.length === 0) return null
  const ink = inkOf(scheme)
  const ratios = [...new Set(sweeps.flatMap((s) => s.points.map((p) => p.replay)))].sort((a, b) => a - b)
  const panels: { title: string; pick(p: { loss: Estimate | null; knowledge: Estimate | null }): Estimate | null }[] = [
    { title: `held-out ${sweeps[0]!.corpus ?? 'corpus'} loss (lower is better)`, pick: (p) => p.loss },
    { title: `knowledge: ${sweeps[0]!.knowledgeTasks.join(', ') || 'no learned task'} (higher is better)`, pick: (p) => p.knowledge },
  ]
  const series: Option[] = []
  panels.forEach((panel, g) => {
    sweeps.forEach((s, i) => {
      const color = colorOf(i, scheme)
      const name = `${s.trained} from step ${s.fromStep}`
      const marks = s.points.flatMap((p) => {
        const e = panel.pick(p)
        return e ? [{ category: ratios.indexOf(p.replay), e }] : []
      }).sort((a, b) => a.category - b.category)
      series.push(intervalMarks(name, color, marks, { slot: i, slots: sweeps.length, gridIndex: g, connect: true }))
      const before = panel.pick(s.before)
      if (before)
        series.push({ type: 'line', name, xAxisIndex: g, yAxisIndex: g, data: [], markLine: { silent: true, symbol: 'none', label: { show: i === 0, formatter: 'before fine-tuning', color: ink.dim, position: 'insideStartTop' }, lineStyle: { color: withAlpha(color, 0.7), type: 'dashed' }, data: [{ yAxis: before.value }] } })
    })
  })
  return {
    ...baseOption(ink, background),
    legend: legend(ink),
    tooltip: intervalTooltip(ink),
    title: panels.map((p, g) => ({ text: p.title, left: g === 0 ? '4%' : '54%', top: 26, textStyle: { color: ink.text, fontSize: 12, fontWeight: 'normal' } })),
    grid: [
      { left: 64, right: '54%', top: 70, bottom: 52 },
      { left: '56%', right: 24, top: 70, bottom: 52 },
    ],
    xAxis: panels.map((_, g) => ({ ...categoryAxis(ink, 'replay ratio p', ratios.map(pct)), gridIndex: g })),
    yAxis: panels.map((_, g) => ({ ...valueAxis(ink, g === 0 ? 'loss per token' : 'score'), gridIndex: g })),
    series,
  }
}

export function matrixOption(f: SequenceFinding, scheme: Scheme, background = false): Option | null {
  const matrices = f.series.matrices
  if (matrices.length === 0) return null
  const ink = inkOf(scheme)
  const n = matrices.length
  const grids = matrices.map((_, i) => ({ left: `${(100 / n) * i + 9}%`, width: `${100 / n - 13}%`, top: 56, bottom: 96 }))
  const values = matrices.flatMap((m) => m.variant.matrix.flat().flatMap((e) => (e ? [e.value] : [])))
  const [lo, hi] = [Math.min(0, ...values), Math.max(1, ...values)]
  // Text that contrasts with its cell: on the light scheme's ramp (#f1f3f5 → #4263eb) white
  // reads from the middle up; the dark scheme's ramp is dark throughout, so its light ink reads everywhere.
  const labelColor = (v: number | null) => (scheme === 'light' && v !== null && (v - lo) / (hi - lo) > 0.5 ? '#ffffff' : ink.text)
  return {
    ...baseOption(ink, background),
    tooltip: { trigger: 'item', backgroundColor: ink.background, textStyle: { color: ink.text }, formatter: (p: { data: { e: Estimate | null } }) => (p.data.e ? est(p.data.e) : 'not evaluated') },
    title: matrices.flatMap((m, i) => {
      const left = `${(100 / n) * i + 9}%`
      const summary = [m.acc ? `ACC ${est(m.acc)}` : null, m.bwt ? `BWT ${signedEst(m.bwt)}` : null, m.fwt ? `FWT ${signedEst(m.fwt)}` : null].filter(Boolean).join('\n')
      return [
        { text: `${m.variant.name} (replay ${replayText(m.variant)})`, left, top: 4, textStyle: { color: ink.text, fontSize: 13 } },
        { text: summary || 'incomplete: some stages not evaluated', left, bottom: 4, textStyle: { color: ink.text, fontSize: 11, fontWeight: 'normal', lineHeight: 15 } },
      ]
    }),
    grid: grids,
    xAxis: matrices.map((m, i) => ({ ...categoryAxis(ink, 'score on task', m.variant.stages.map((s) => s.task), { position: 'bottom', nameGap: 24 }), gridIndex: i })),
    yAxis: matrices.map((m, i) => ({ ...categoryAxis(ink, i === 0 ? 'after stage' : '', m.variant.stages.map((s, k) => `${k + 1}: ${s.task}`), { inverse: true, nameGap: 60, axisLabel: { color: ink.text, width: 70, overflow: 'truncate' } }), gridIndex: i })),
    visualMap: { show: false, min: lo, max: hi, inRange: { color: scheme === 'dark' ? ['#1f2937', '#1c7ed6'] : ['#f1f3f5', '#4263eb'] }, seriesIndex: matrices.map((_, i) => i) },
    series: matrices.map((m, i) => ({
      type: 'heatmap',
      xAxisIndex: i,
      yAxisIndex: i,
      data: m.variant.matrix.flatMap((row, r) => row.map((e, c) => ({ value: [c, r, e ? e.value : null], e, label: { color: labelColor(e ? e.value : null) } }))),
      label: { show: true, fontSize: 11, lineHeight: 15, formatter: (p: { data: { e: Estimate | null } }) => (p.data.e ? `${p.data.e.value.toFixed(2)}\n[${p.data.e.low.toFixed(2)}, ${p.data.e.high.toFixed(2)}]` : '—') },
      itemStyle: { borderColor: ink.background, borderWidth: 2 },
    })),
  }
}
