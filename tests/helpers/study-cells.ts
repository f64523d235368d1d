/**
 * Hand-made evaluation rows shaped like a study, for the findings' tests (unit and e2e): a
 * list of cells, each one evaluation of one checkpoint, that a test edits (changes a value,
 * drops cells) before turning it into rows. The default study is one in which, by
 * construction, every finding of issue 11 holds: the numbers below are chosen so.
 */
import type { EvaluationRow } from '../../shared'
import type { TaskInfo } from '../../shared/findings'

export interface Cell {
  role: 'base' | 'ft' | 'seq'
  /** base: the pre-training step; ft/seq: the step fine-tuned from. */
  from: number
  trained: string | null
  replay: number
  seed: number
  task: string
  metric: string
  format: 'default' | 'instruct' | 'input-only'
  value: number
  /** Half-width of the 95% interval; null: no interval (majority baseline). */
  ci: number | null
  sequence?: { name: string; stage: number }
  /** Of the row's 200 prompts, how many were cut to the context; absent: not counted (null). */
  truncated?: number
}

export const STEPS = [25, 100, 400, 1500]
export const TOKENS_PER_STEP = 1024
/** The built-in study's model context (tokens). */
export const CONTEXT = 96

export const STUDY_TASKS: TaskInfo[] = [
  { task: 'nli', kind: 'classification', learned: false, higherIsBetter: true },
  { task: 'para', kind: 'classification', learned: true, higherIsBetter: true },
  { task: 'facts', kind: 'generation', learned: true, higherIsBetter: true },
  { task: 'reverse', kind: 'generation', learned: false, higherIsBetter: true },
  { task: 'corpus:suite', kind: 'corpus', learned: null, higherIsBetter: false },
]

const METRIC: Record<string, string> = { nli: 'accuracy', para: 'accuracy', facts: 'exact-match', reverse: 'rouge-l', 'corpus:suite': 'loss' }

export function studyCells(): Cell[] {
  const cells: Cell[] = []
  const add = (c: Partial<Cell> & Pick<Cell, 'role' | 'from' | 'task' | 'value'>) =>
    cells.push({ trained: null, replay: 0, seed: 0, metric: METRIC[c.task] ?? 'accuracy', format: 'default', ci: 0.04, ...c })
  // Base model by checkpoint: nli at chance, para learned early, facts acquired gradually.
  STEPS.forEach((from, i) => {
    add({ role: 'base', from, task: 'nli', value: 0.33 })
    add({ role: 'base', from, task: 'nli', metric: 'majority-baseline', value: 0.34, ci: null })
    add({ role: 'base', from, task: 'nli', metric: 'generation-accuracy', value: 0.02, ci: 0.02 })
    add({ role: 'base', from, task: 'para', value: 0.8 })
    add({ role: 'base', from, task: 'para', metric: 'majority-baseline', value: 0.5, ci: null })
    add({ role: 'base', from, task: 'facts', value: [0.1, 0.3, 0.6, 0.9][i]!, ci: 0.05 })
    add({ role: 'base', from, task: 'reverse', value: 0.05, ci: 0.02 })
    add({ role: 'base', from, task: 'corpus:suite', value: [3.0, 2.5, 2.0, 1.6][i]!, ci: 0.05 })
  })
  // Fine-tuning nli (no replay) from every checkpoint: rises and flattens; three formats.
  const nli = [0.4, 0.6, 0.75, 0.78]
  const ioGap = [0.3, 0.2, 0.1, 0.05]
  const instructGap = [0.1, 0.07, 0.03, 0.01]
  STEPS.forEach((from, i) => {
    const ft = { role: 'ft' as const, from, trained: 'nli' }
    add({ ...ft, task: 'nli', value: nli[i]! })
    add({ ...ft, task: 'nli', format: 'instruct', value: nli[i]! - instructGap[i]!, ci: 0.03 })
    add({ ...ft, task: 'nli', format: 'input-only', value: nli[i]! - ioGap[i]!, ci: 0.03 })
    add({ ...ft, task: 'nli', metric: 'generation-accuracy', value: nli[i]! - 0.01 })
    add({ ...ft, task: 'para', value: 0.7 })
    add({ ...ft, task: 'facts', value: [0.1, 0.3, 0.6, 0.9][i]! * 0.3, ci: 0.05 })
    add({ ...ft, task: 'reverse', value: 0.05, ci: 0.02 })
    add({ ...ft, task: 'corpus:suite', value: 2.6, ci: 0.05 })
  })
  // Fine-tuning reverse (generation): rises; hurts facts a little and para less.
  STEPS.forEach((from, i) => {
    const ft = { role: 'ft' as const, from, trained: 'reverse' }
    add({ ...ft, task: 'reverse', value: [0.1, 0.2, 0.3, 0.32][i]!, ci: 0.03 })
    add({ ...ft, task: 'facts', value: [0.1, 0.3, 0.6, 0.9][i]! * 0.9, ci: 0.05 })
    add({ ...ft, task: 'para', value: 0.78 })
    add({ ...ft, task: 'nli', value: 0.33 })
  })
  // Learned tasks fine-tuned from the final checkpoint gain little.
  add({ role: 'ft', from: 1500, trained: 'facts', task: 'facts', value: 0.93, ci: 0.05 })
  add({ role: 'ft', from: 1500, trained: 'facts', task: 'para', value: 0.79 })
  add({ role: 'ft', from: 1500, trained: 'para', task: 'para', value: 0.82 })
  add({ role: 'ft', from: 1500, trained: 'para', task: 'facts', value: 0.85, ci: 0.05 })
  // Replay sweep on nli from the final checkpoint (p = 0 is the cells above).
  for (const [replay, loss, facts, para, task] of [
    [0.01, 2.0, 0.6, 0.75, 0.78],
    [0.05, 1.8, 0.8, 0.78, 0.77],
    [0.25, 1.65, 0.88, 0.8, 0.68],
  ] as const) {
    const ft = { role: 'ft' as const, from: 1500, trained: 'nli', replay }
    add({ ...ft, task: 'corpus:suite', value: loss, ci: 0.05 })
    add({ ...ft, task: 'facts', value: facts, ci: 0.05 })
    add({ ...ft, task: 'para', value: para })
    add({ ...ft, task: 'nli', value: task })
  }
  // Two more seeds of nli from the last two checkpoints: they tie.
  for (const [seed, v400, v1500] of [
    [1, 0.73, 0.76],
    [2, 0.77, 0.8],
  ] as const) {
    add({ role: 'ft', from: 400, trained: 'nli', seed, task: 'nli', value: v400 })
    add({ role: 'ft', from: 1500, trained: 'nli', seed, task: 'nli', value: v1500 })
  }
  // nli → reverse in sequence, without and with 25% replay.
  for (const [name, replay, after0, after1] of [
    ['nli-reverse', 0, 0.75, 0.45],
    ['nli-reverse-replay', 0.25, 0.74, 0.68],
  ] as const) {
    const s = (stage: number) => ({ role: 'seq' as const, from: 1500, replay, sequence: { name, stage } })
    add({ ...s(0), trained: 'nli', task: 'nli', value: after0 })
    add({ ...s(0), trained: 'nli', task: 'reverse', value: 0.05, ci: 0.02 })
    add({ ...s(1), trained: 'reverse', task: 'nli', value: after1 })
    add({ ...s(1), trained: 'reverse', task: 'reverse', value: 0.3, ci: 0.03 })
  }
  return cells
}

/** The cells as the rows `evaluations.forExperiment` returns: one run per branch and seed. */
export function rowsOf(cells: Cell[]): EvaluationRow[] {
  const runs = new Map<string, number>()
  return cells.map((c, i) => {
    const runKey = c.role === 'base' ? `base/${c.seed}` : `${c.role}/${c.trained}/${c.from}/${c.replay}/${c.seed}/${c.sequence?.name}/${c.sequence?.stage}`
    if (!runs.has(runKey)) runs.set(runKey, runs.size + 1)
    const runId = runs.get(runKey)!
    const ft = c.role !== 'base'
    return {
      id: i + 1,
      checkpointId: ft ? 1000 + runId : c.from,
      task: c.task,
      split: 'test',
      promptFormat: c.format,
      shots: 0,
      metric: c.metric,
      value: c.value,
      ciLow: c.ci === null ? null : c.value - c.ci,
      ciHigh: c.ci === null ? null : c.value + c.ci,
      n: 200,
      createdAt: 1_700_000_000_000 + i,
      runId,
      runName: runKey,
      runKind: ft ? 'finetune' : 'pretrain',
      seed: c.seed,
      tags: c.sequence ? ['sequence', c.sequence.name, `stage-${c.sequence.stage + 1}`, c.trained!] : [],
      step: ft ? 200 : c.from,
      tokens: ft ? 200 * TOKENS_PER_STEP : c.from * TOKENS_PER_STEP,
      trainedTask: ft ? c.trained : null,
      replay: ft ? c.replay : null,
      fromStep: ft ? c.from : null,
      truncated: c.truncated ?? null,
      context: CONTEXT,
    }
  })
}
