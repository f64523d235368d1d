/**
 * The study's results as tables: base scores per pre-training checkpoint, and for each
 * fine-tuning branch (checkpoint × task × replay) the score on its task, the change on every
 * other task, the paper's mean ratio of change, and the knowledge retained. The CLI prints
 * these; the direction test reads them.
 */
import { continualSummary, meanRatioOfChange, ratioOfChange, type ContinualSummary, type EvaluationRow } from '../../../shared'

export interface SummaryOptions {
  split?: string
  format?: string
  shots?: number
}

export interface BranchResult {
  seed: number
  fromStep: number
  task: string
  replay: number
  /** Score on each task after fine-tuning. */
  scores: Record<string, number>
  /** Score on each task of the checkpoint it started from. */
  base: Record<string, number>
  gain: number | null
  /** Mean ratio of change over the tasks it was not fine-tuned on. */
  mrc: number | null
  /** Ratio of change per task not fine-tuned on. */
  change: Record<string, number | null>
}

export interface SequenceResult {
  seed: number
  name: string
  tasks: string[]
  /** R[i][j]: score on task j after stage i. */
  matrix: number[][]
  summary: ContinualSummary | null
}

export interface StudySummary {
  tasks: string[]
  /** The headline metric of each task. */
  metric: Record<string, string>
  majority: Record<string, number>
  /** seed → step → task → score. */
  base: Map<number, Map<number, Record<string, number>>>
  branches: BranchResult[]
  sequences: SequenceResult[]
}

/** The headline metric of a task, in this order; others (generation-accuracy beside accuracy) are not headlines. */
const METRIC_PRIORITY = ['accuracy', 'rouge-l', 'exact-match', 'loss']

export function summarize(rows: EvaluationRow[], o: SummaryOptions = {}): StudySummary {
  const split = o.split ?? 'test'
  const format = o.format ?? 'default'
  const shots = o.shots ?? 0
  const selected = rows.filter((r) => r.split === split && r.promptFormat === format && r.shots === shots)
  const metric: Record<string, string> = {}
  for (const r of selected) {
    const current = metric[r.task]
    const rank = METRIC_PRIORITY.indexOf(r.metric)
    if (rank >= 0 && (current === undefined || rank < METRIC_PRIORITY.indexOf(current))) metric[r.task] = r.metric
  }
  const tasks = Object.keys(metric).sort()
  const majority: Record<string, number> = {}
  for (const r of selected) if (r.metric === 'majority-baseline') majority[r.task] = r.value

  const base = new Map<number, Map<number, Record<string, number>>>()
  const finals = new Map<number, { row: EvaluationRow; scores: Record<string, number>; step: number }>()
  for (const r of selected) {
    if (r.metric !== metric[r.task]) continue
    if (r.runKind === 'pretrain') {
      const bySeed = base.get(r.seed) ?? new Map<number, Record<string, number>>()
      base.set(r.seed, bySeed)
      const cell = bySeed.get(r.step) ?? {}
      bySeed.set(r.step, cell)
      cell[r.task] = r.value
    } else if (r.runKind === 'finetune' && r.trainedTask !== null) {
      // A run may be evaluated at several steps; its result is the last.
      const f = finals.get(r.runId)
      if (!f || r.step > f.step) finals.set(r.runId, { row: r, scores: { [r.task]: r.value }, step: r.step })
      else if (r.step === f.step) f.scores[r.task] = r.value
    }
  }

  const branches: BranchResult[] = []
  const stages = new Map<string, { seed: number; name: string; stage: number; task: string; fromStep: number | null; scores: Record<string, number> }[]>()
  for (const { row, scores } of finals.values()) {
    if (row.tags.includes('sequence')) {
      // Tags of a sequence stage: 'sequence', its name, 'stage-N', the task.
      const name = row.tags[1] ?? 'sequence'
      const stage = Number((row.tags.find((t) => /^stage-\d+$/.test(t)) ?? 'stage-0').slice(6))
      const key = `${row.seed}/${name}`
      stages.set(key, [...(stages.get(key) ?? []), { seed: row.seed, name, stage, task: row.trainedTask!, fromStep: row.fromStep, scores }])
      continue
    }
    // A fine-tuning seed other than the lineage's has no base of its own: with one pre-trained
    // lineage, its base is that lineage's.
    const lineage = base.get(row.seed) ?? (base.size === 1 ? [...base.values()][0] : undefined)
    const from = lineage?.get(row.fromStep ?? -1) ?? {}
    const target = row.trainedTask!
    const change: Record<string, number | null> = {}
    const pairs: { base: number; finetuned: number }[] = []
    for (const t of tasks) {
      if (t === target || from[t] === undefined || scores[t] === undefined) continue
      change[t] = ratioOfChange(from[t]!, scores[t]!)
      // Held-out corpus loss (lower is better) is shown, but MRC averages task scores only.
      if (!t.startsWith('corpus:')) pairs.push({ base: from[t]!, finetuned: scores[t]! })
    }
    branches.push({
      seed: row.seed,
      fromStep: row.fromStep ?? 0,
      task: target,
      replay: row.replay ?? 0,
      scores,
      base: from,
      gain: scores[target] !== undefined && from[target] !== undefined ? scores[target]! - from[target]! : null,
      mrc: meanRatioOfChange(pairs).mrc,
      change,
    })
  }
  branches.sort((a, b) => a.seed - b.seed || a.task.localeCompare(b.task) || a.fromStep - b.fromStep || a.replay - b.replay)

  const sequences: SequenceResult[] = []
  for (const list of stages.values()) {
    list.sort((a, b) => a.stage - b.stage)
    const seqTasks = list.map((s) => s.task)
    const matrix = list.map((s) => seqTasks.map((t) => s.scores[t] ?? Number.NaN))
    const complete = list.length >= 2 && matrix.every((row) => row.every(Number.isFinite))
    // b_j: the starting checkpoint's base scores, when the base evaluation covered it.
    const start = base.get(list[0]!.seed)?.get(list[0]!.fromStep ?? -1)
    const initial = start && seqTasks.every((t) => start[t] !== undefined) ? seqTasks.map((t) => start[t]!) : undefined
    sequences.push({ seed: list[0]!.seed, name: list[0]!.name, tasks: seqTasks, matrix, summary: complete ? continualSummary(matrix, initial) : null })
  }
  return { tasks, metric, majority, base, branches, sequences }
}
