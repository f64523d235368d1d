/** The end-of-experiment tables (base scores, fine-tuning gains, forgetting, replay) and the findings. */
import type { EvaluationRow } from '../../shared'
import { computeFindings, type Finding, type ItemScores, type TaskInfo } from '../../shared/findings'
import { summarize } from '../core/experiments/summary'
import { signed, table } from './table'

export function printSummary(rows: EvaluationRow[], tasks?: TaskInfo[], items?: ItemScores): void {
  printTables(rows)
  if (tasks) printFindings(computeFindings(rows, tasks, items))
}

const VERDICT: Record<Finding['verdict'], string> = { holds: 'holds', 'does-not-hold': 'does NOT hold', 'cannot-judge': 'cannot be judged' }

/** Each finding of issue 11: its sentence, verdict and reason (95% intervals in brackets). */
export function printFindings(findings: Finding[]): void {
  console.log('\nFindings (95% intervals in brackets)')
  for (const f of findings) {
    console.log(`\n${f.number}. ${f.title}: ${VERDICT[f.verdict]}`)
    console.log(`   ${f.statement}`)
    if (f.reason && !f.statement.startsWith('Not shown')) console.log(`   Why: ${f.reason}.`)
    for (const note of f.notes ?? []) console.log(`   Note: ${note}.`)
  }
}

function printTables(rows: EvaluationRow[]): void {
  if (rows.length === 0) {
    console.log('\nNo evaluations were recorded.')
    return
  }
  const s = summarize(rows)
  console.log(`\nScores: in-domain test set, default prompt format, 0-shot. Metrics: ${s.tasks.map((t) => `${t} ${s.metric[t]}`).join(', ')}`)
  for (const [seed, steps] of s.base) {
    console.log(`\nBase model (seed ${seed}) by pre-training step`)
    console.log(table(['step', ...s.tasks], [...steps.entries()].sort((a, b) => a[0] - b[0]).map(([step, scores]) => [step, ...s.tasks.map((t) => scores[t] ?? null)])))
    if (Object.keys(s.majority).length > 0) console.log(`majority-class baseline: ${Object.entries(s.majority).map(([t, v]) => `${t} ${v.toFixed(3)}`).join(', ')}`)
  }
  if (s.branches.length > 0) {
    console.log('\nFine-tuning: score on the fine-tuned task, its gain over the base checkpoint, and the change on every other task')
    const others = s.tasks
    console.log(
      table(
        ['task', 'from step', 'replay', 'score', 'gain', 'MRC (held-out)', ...others.map((t) => `Δ% ${t}`)],
        s.branches.map((b) => [
          b.task,
          b.fromStep,
          `${+(b.replay * 100).toFixed(2)}%`,
          b.scores[b.task] ?? null,
          signed(b.gain),
          signed(b.mrc),
          ...others.map((t) => (t === b.task ? '·' : b.change[t] === undefined || b.change[t] === null ? null : `${(b.change[t]! * 100).toFixed(1)}%`)),
        ]),
      ),
    )
  }
  for (const q of s.sequences) {
    console.log(`\nTask sequence "${q.name}" (seed ${q.seed}): score on each task after each stage`)
    console.log(table(['after stage', ...q.tasks], q.matrix.map((row, i) => [`${i + 1}: ${q.tasks[i]}`, ...row.map((v) => (Number.isFinite(v) ? v : null))])))
    if (q.summary)
      console.log(`ACC ${q.summary.acc.toFixed(3)}  BWT ${signed(q.summary.bwt)}  FWT ${q.summary.fwt === null ? '— (no base scores)' : signed(q.summary.fwt)}  mean forgetting ${q.summary.meanForgetting.toFixed(3)}`)
    else console.log('(incomplete: some stages are not evaluated yet)')
  }
}
