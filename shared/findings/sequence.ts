/**
 * Finding 8, sequential fine-tuning A → B: the accuracy matrix R[i][j] (score on stage j's
 * task after stage i) with ACC, BWT and FWT (shared/forgetting.ts `continualSummary` for the
 * values; intervals by the difference and mean rules). BWT < 0 without replay and closer to 0
 * with replay. Rules (separation): BWT < 0 when its interval lies below 0; closer to 0 when
 * the replay variant's BWT is above the no-replay one's. Variants of one sequence share its
 * task list; the largest replay ratio is compared with 0. A variant that replays only from its
 * second stage on ([0, 0.25]) starts B from the same A model as the no-replay one, so both
 * BWTs subtract the same R[0][0] and the paired comparison sees only what replay kept.
 */
import { continualSummary } from '../forgetting'
import type { Cells, SequenceVariant } from './cells'
import { above, difference, meanOf, point } from './estimate'
import { est, replayText, signedEst } from './text'
import type { Estimate, FindingBase, FindingNumber } from './types'

export interface MatrixSummary {
  variant: SequenceVariant
  acc: Estimate | null
  bwt: Estimate | null
  fwt: Estimate | null
}

export type SequenceFinding = FindingBase<'sequence', { matrices: MatrixSummary[] }>

export function summarizeVariant(cells: Cells, v: SequenceVariant): MatrixSummary {
  const T = v.stages.length
  const R = v.matrix
  if (T < 2 || R.some((row) => row.some((e) => !e))) return { variant: v, acc: null, bwt: null, fwt: null }
  const E = R as Estimate[][]
  const initial = v.fromStep === null ? null : v.stages.map((s) => cells.base(s.task, v.fromStep!))
  const hasInitial = initial !== null && initial.every((e) => e)
  const values = continualSummary(E.map((row) => row.map((e) => e.value)), hasInitial ? initial.map((e) => e!.value) : undefined)
  const acc = meanOf(E[T - 1]!)!
  const bwt = meanOf(E.slice(0, T - 1).map((_, i) => difference(E[T - 1]![i]!, E[i]![i]!)))!
  const fwt = hasInitial ? meanOf(E.slice(1).map((_, k) => difference(E[k]![k + 1]!, initial[k + 1]!))) : null
  return { variant: v, acc: { ...acc, value: values.acc }, bwt: { ...bwt, value: values.bwt }, fwt: fwt && { ...fwt, value: values.fwt ?? fwt.value } }
}

export function sequenceFinding(cells: Cells): SequenceFinding {
  const matrices = cells.sequences.map((v) => summarizeVariant(cells, v))
  const head = { id: 'sequence' as const, number: 8, title: 'Sequential fine-tuning: the accuracy matrix', series: { matrices } }
  const numbers: FindingNumber[] = matrices.flatMap((m) => {
    const name = `${m.variant.name} (replay ${replayText(m.variant)})`
    return [
      ...(m.acc ? [{ label: `${name} ACC`, estimate: m.acc }] : []),
      ...(m.bwt ? [{ label: `${name} BWT`, estimate: m.bwt }] : []),
      ...(m.fwt ? [{ label: `${name} FWT`, estimate: m.fwt }] : []),
    ]
  })
  const complete = matrices.filter((m) => m.bwt)
  const tasksOf = (m: MatrixSummary) => m.variant.stages.map((s) => s.task).join(' → ')
  const pairs = complete
    .filter((m) => m.variant.replay === 0)
    .flatMap((none) => {
      const withReplay = complete.filter((m) => m.variant.replay > 0 && tasksOf(m) === tasksOf(none)).sort((a, b) => b.variant.replay - a.variant.replay)[0]
      return withReplay ? [{ none, withReplay }] : []
    })
  if (pairs.length === 0) {
    const reason =
      matrices.length === 0
        ? 'no task sequence was run'
        : complete.length === 0
          ? 'no task sequence has every stage evaluated on every task of the sequence'
          : 'no task sequence was run both without replay and with replay'
    const only = complete[0]
    const statement = only ? `${tasksOf(only)} (replay ${replayText(only.variant)}): BWT ${signedEst(only.bwt!)}, ACC ${est(only.acc!)}; the comparison with replay is not shown: ${reason}.` : `Not shown: ${reason}.`
    return { ...head, statement, verdict: 'cannot-judge', reason, numbers }
  }
  const { none, withReplay } = pairs[0]!
  const gap = difference(withReplay.bwt!, none.bwt!)
  const statement = `Fine-tuning ${tasksOf(none)} in sequence: BWT ${signedEst(none.bwt!)} without replay, ${signedEst(withReplay.bwt!)} with ${replayText(withReplay.variant)} replay, a difference of ${signedEst(gap)} (ACC ${est(none.acc!)} and ${est(withReplay.acc!)}).`
  if (!above(point(0), none.bwt!)) return { ...head, statement, verdict: 'does-not-hold', reason: 'BWT without replay does not lie below 0 beyond its interval', numbers }
  if (!above(withReplay.bwt!, none.bwt!)) return { ...head, statement, verdict: 'does-not-hold', reason: 'BWT with replay is not above BWT without replay beyond the intervals', numbers }
  return { ...head, statement, verdict: 'holds', reason: null, numbers }
}
