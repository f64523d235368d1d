/**
 * Finding 9, seeds: with at least 3 fine-tuning seeds (the minimum), adjacent late
 * checkpoints tie within their across-seed intervals while early and late do not. The late
 * pair is the last two checkpoints a task was fine-tuned from (no replay) with ≥ 3 seeds each;
 * early is the first checkpoint it was fine-tuned from, before them (any number of seeds).
 * Rules (estimate.ts): tie = intervals overlap; early vs late differ = separation.
 */
import type { Cells } from './cells'
import { above, tie } from './estimate'
import { est, list, step } from './text'
import type { Estimate, FindingBase, FindingNumber } from './types'

export const MIN_SEEDS = 3

export interface SeedCell {
  step: number
  estimate: Estimate
}

export interface SeedComparison {
  task: string
  cells: SeedCell[]
  early: SeedCell | null
  late: [SeedCell, SeedCell] | null
}

export type SeedsFinding = FindingBase<'seeds', { tasks: SeedComparison[] }>

export function seedsFinding(cells: Cells): SeedsFinding {
  const tasks: SeedComparison[] = cells.trainedTasks().flatMap((task) => {
    const all = cells.fromSteps(task, 0).map((s) => ({ step: s, estimate: cells.ft(task, s, 0, task)! })).filter((c) => c.estimate)
    if (!all.some((c) => c.estimate.seeds > 1)) return []
    const seeded = all.filter((c) => c.estimate.seeds >= MIN_SEEDS)
    const late = seeded.length >= 2 ? ([seeded[seeded.length - 2]!, seeded[seeded.length - 1]!] as [SeedCell, SeedCell]) : null
    const early = late ? (all.find((c) => c.step < late[0].step) ?? null) : null
    return [{ task, cells: all, early, late }]
  })
  const head = { id: 'seeds' as const, number: 9, title: 'Seeds: late checkpoints tie, early and late do not', series: { tasks } }
  const judged = tasks.filter((t) => t.late && t.early)
  const numbers: FindingNumber[] = tasks.flatMap((t) => t.cells.map((c) => ({ label: `${t.task} fine-tuned from ${step(c.step)} (${c.estimate.seeds} seed${c.estimate.seeds === 1 ? '' : 's'})`, estimate: c.estimate })))
  if (judged.length === 0) {
    const reason =
      tasks.length === 0
        ? 'no fine-tune was run with more than one seed'
        : `no task has two checkpoints fine-tuned with at least ${MIN_SEEDS} seeds and an earlier checkpoint fine-tuned too`
    return { ...head, statement: `Not shown: ${reason}.`, verdict: 'cannot-judge', reason, numbers }
  }
  const ok = judged.filter((t) => tie(t.late![0].estimate, t.late![1].estimate) && above(t.late![1].estimate, t.early!.estimate))
  const t = ok[0] ?? judged[0]!
  const [a, b] = t.late!
  const text = `${t.task} across ${b.estimate.seeds} seeds: ${est(a.estimate)} at ${step(a.step)} and ${est(b.estimate)} at ${step(b.step)}, against ${est(t.early!.estimate)} at ${step(t.early!.step)}`
  if (ok.length === 0)
    return { ...head, statement: `Seeds do not separate early from late as expected: ${text}.`, verdict: 'does-not-hold', reason: `for ${list(judged.map((j) => j.task))}, the late pair does not tie or the latest is not above the early checkpoint beyond the intervals`, numbers }
  return { ...head, statement: `Late checkpoints tie and early ones do not: ${text}.`, verdict: 'holds', reason: null, numbers }
}
