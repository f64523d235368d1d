/**
 * An experiment's evaluation rows as the cells the findings read: the base model per
 * (task, pre-training step), each fine-tune per (trained task, from step, replay, evaluated
 * task), each task sequence stage, all aggregated across seeds (`acrossSeeds`). Rows are the
 * in-domain test split; per task, one headline metric (TokenProb accuracy, then ROUGE-L, then
 * exact match, then loss for `corpus:*`) and, per role, the fewest shots evaluated. A run
 * evaluated at several steps counts with its last. Works for any task names. Rows whose
 * per-example scores are given (`items`, by evaluation id) compare paired (estimate.ts).
 */
import { promptCountOf, sumPromptCounts, type PromptCount } from '../prompt-truncation'
import type { EvaluationRow } from '../schemas/experiment-calls'
import { acrossSeeds, fromRow } from './estimate'
import type { Estimate, Items, TaskInfo } from './types'

const METRIC_PRIORITY = ['accuracy', 'rouge-l', 'exact-match', 'loss']
export const SCORER_METRIC = 'generation-accuracy'
export const MAJORITY = 'majority-baseline'

export interface ResolvedTask extends TaskInfo {
  /** Where `learned` came from: the task's mark, the base evaluation, or nowhere (null). */
  learnedSource: 'mark' | 'inferred' | 'unknown'
}

export interface SequenceStage {
  stage: number
  task: string
}

export interface SequenceVariant {
  name: string
  /** The largest replay ratio of its stages: what the finding compares with 0. */
  replay: number
  /** Each stage's replay ratio, in stage order. */
  stageReplays: number[]
  fromStep: number | null
  stages: SequenceStage[]
  /** R[i][j]: score on stage j's task after stage i, across seeds; null when not evaluated. */
  matrix: (Estimate | null)[][]
}

type Role = 'base' | 'ft'
interface Lookup {
  format?: string
  metric?: string
}

export interface Cells {
  tasks: ResolvedTask[]
  info(task: string): ResolvedTask | undefined
  metricOf(task: string): string | undefined
  /** Pre-training steps with a base evaluation of the task, ascending. */
  baseSteps(task: string): number[]
  base(task: string, step: number, o?: Lookup): Estimate | null
  /** The last pre-training step evaluated for any task. */
  finalStep: number | null
  majority(task: string): number | null
  tokensAt(step: number): number | null
  /** Tasks fine-tuned outside sequences. */
  trainedTasks(): string[]
  fromSteps(trained: string, replay?: number): number[]
  replays(trained: string, fromStep: number): number[]
  ft(trained: string, fromStep: number, replay: number, task: string, o?: Lookup): Estimate | null
  /** The per-seed estimates of one fine-tune cell. */
  ftSeeds(trained: string, fromStep: number, replay: number, task: string): Estimate[]
  /** The prompts of one fine-tune cell cut to the context, summed over its seeds; null where no row counted them. */
  ftPrompts(trained: string, fromStep: number, replay: number, task: string, o?: Lookup): PromptCount | null
  formats(role: Role, task: string): string[]
  sequences: SequenceVariant[]
}

const key = (...parts: (string | number | null)[]): string => parts.map((p) => String(p)).join('\u0001')

/** A task nobody described: `corpus:*` is a corpus, one with a majority baseline or TokenProb accuracy is classification. */
export function inferKind(task: string, rows: EvaluationRow[]): TaskInfo['kind'] {
  if (task.startsWith('corpus:')) return 'corpus'
  return rows.some((r) => r.task === task && (r.metric === MAJORITY || r.metric === 'accuracy')) ? 'classification' : 'generation'
}

/** Per-example scores by evaluation id, in the test set's order (the store's `evaluations.items`). */
export type ItemScores = ReadonlyMap<number, readonly number[]>

export function buildCells(allRows: EvaluationRow[], taskInfo: TaskInfo[], itemScores: ItemScores = new Map()): Cells {
  const rows = allRows.filter((r) => r.split === 'test')
  // The same task, split and count: the same examples (an evaluation takes the split's first n).
  const itemsOf = (r: EvaluationRow): Items | undefined => {
    const values = itemScores.get(r.id)
    return values && values.length === r.n ? { key: key(r.task, r.split, r.n), values } : undefined
  }
  const estimate = (r: EvaluationRow): Estimate => fromRow(r, itemsOf(r))
  const metric = new Map<string, string>()
  for (const r of rows) {
    const current = metric.get(r.task)
    const rank = METRIC_PRIORITY.indexOf(r.metric)
    if (rank >= 0 && (current === undefined || rank < METRIC_PRIORITY.indexOf(current))) metric.set(r.task, r.metric)
  }
  const majority = new Map<string, number>()
  for (const r of rows) if (r.metric === MAJORITY) majority.set(r.task, r.value)

  const roleOf = (r: EvaluationRow): Role | 'seq' | null => {
    if (r.runKind === 'pretrain') return 'base'
    if (r.runKind !== 'finetune' || r.trainedTask === null) return null
    return r.tags.includes('sequence') ? 'seq' : 'ft'
  }
  // A fine-tune evaluated along the way counts with its last evaluated step.
  const lastStep = new Map<number, number>()
  for (const r of rows) if (roleOf(r) !== 'base') lastStep.set(r.runId, Math.max(lastStep.get(r.runId) ?? -1, r.step))
  const shots = new Map<string, number>()
  for (const r of rows) {
    const k = key(roleOf(r) === 'base' ? 'base' : 'ft', r.task)
    shots.set(k, Math.min(shots.get(k) ?? Infinity, r.shots))
  }

  const tokens = new Map<number, number>()
  // key → seed → estimate (a later row of the same cell and seed replaces an earlier one)
  const cells = new Map<string, Map<number, Estimate>>()
  // The same keys: key → seed → the row's prompt count (absent where the row did not count them).
  const prompts = new Map<string, Map<number, PromptCount>>()
  const formats = new Map<string, Set<string>>()
  const put = (k: string, r: EvaluationRow) => {
    const bySeed = cells.get(k) ?? new Map<number, Estimate>()
    cells.set(k, bySeed)
    bySeed.set(r.seed, estimate(r))
    const counted = prompts.get(k) ?? new Map<number, PromptCount>()
    prompts.set(k, counted)
    const count = promptCountOf(r)
    if (count === null) counted.delete(r.seed)
    else counted.set(r.seed, count)
  }
  const seqRuns = new Map<number, EvaluationRow[]>()
  for (const r of rows) {
    const role = roleOf(r)
    if (role === null) continue
    if (r.shots !== shots.get(key(role === 'base' ? 'base' : 'ft', r.task))) continue
    if (role !== 'base' && r.step !== lastStep.get(r.runId)) continue
    if (role === 'base') {
      tokens.set(r.step, r.tokens)
      put(key('base', r.step, r.task, r.promptFormat, r.metric), r)
    } else if (role === 'ft') {
      put(key('ft', r.trainedTask, r.fromStep ?? -1, r.replay ?? 0, r.task, r.promptFormat, r.metric), r)
    } else seqRuns.set(r.runId, [...(seqRuns.get(r.runId) ?? []), r])
    const fk = key(role === 'base' ? 'base' : 'ft', r.task)
    formats.set(fk, (formats.get(fk) ?? new Set()).add(r.promptFormat))
  }

  const names = [...new Set([...taskInfo.map((t) => t.task), ...metric.keys()])].sort()
  const given = new Map(taskInfo.map((t) => [t.task, t]))
  const get = (k: string): Estimate | null => acrossSeeds([...(cells.get(k)?.values() ?? [])])
  const baseSteps = (task: string): number[] => {
    const m = metric.get(task)
    const steps = new Set<number>()
    for (const k of cells.keys()) {
      const p = k.split('\u0001')
      if (p[0] === 'base' && p[2] === task && p[3] === 'default' && p[4] === m) steps.add(Number(p[1]))
    }
    return [...steps].sort((a, b) => a - b)
  }
  const base = (task: string, step: number, o: Lookup = {}) => get(key('base', step, task, o.format ?? 'default', o.metric ?? metric.get(task) ?? ''))
  const finalStep = tokens.size ? Math.max(...tokens.keys()) : null

  const tasks: ResolvedTask[] = names.map((task) => {
    const t = given.get(task)
    const kind = t?.kind ?? inferKind(task, rows)
    const higherIsBetter = t?.higherIsBetter ?? kind !== 'corpus'
    if (kind === 'corpus') return { task, kind, learned: null, higherIsBetter, learnedSource: 'unknown' }
    if (t && t.learned !== null) return { ...t, learnedSource: 'mark' }
    // Unmarked: learned when the base model at its last evaluated step is above the majority
    // baseline with its whole interval (generation tasks scored by exact match: above 0).
    const steps = baseSteps(task)
    const last = steps.length ? base(task, steps[steps.length - 1]!) : null
    const floor = majority.get(task) ?? (metric.get(task) === 'exact-match' ? 0 : null)
    if (!last || floor === null) return { task, kind, learned: null, higherIsBetter, learnedSource: 'unknown' }
    return { task, kind, learned: last.low > floor, higherIsBetter, learnedSource: 'inferred' }
  })
  const byName = new Map(tasks.map((t) => [t.task, t]))

  const ftKeys = [...cells.keys()].map((k) => k.split('\u0001')).filter((p) => p[0] === 'ft')
  const trainedTasks = () => [...new Set(ftKeys.map((p) => p[1]!))].sort()
  const fromSteps = (trained: string, replay?: number) =>
    [...new Set(ftKeys.filter((p) => p[1] === trained && (replay === undefined || Number(p[3]) === replay)).map((p) => Number(p[2])))].sort((a, b) => a - b)
  const replays = (trained: string, fromStep: number) => [...new Set(ftKeys.filter((p) => p[1] === trained && Number(p[2]) === fromStep).map((p) => Number(p[3])))].sort((a, b) => a - b)
  const ftKey = (trained: string, fromStep: number, replay: number, task: string, o: Lookup = {}) => key('ft', trained, fromStep, replay, task, o.format ?? 'default', o.metric ?? metric.get(task) ?? '')

  return {
    tasks,
    info: (task) => byName.get(task),
    metricOf: (task) => metric.get(task),
    baseSteps,
    base,
    finalStep,
    majority: (task) => majority.get(task) ?? null,
    tokensAt: (step) => tokens.get(step) ?? null,
    trainedTasks,
    fromSteps,
    replays,
    ft: (trained, fromStep, replay, task, o) => get(ftKey(trained, fromStep, replay, task, o)),
    ftSeeds: (trained, fromStep, replay, task) => [...(cells.get(ftKey(trained, fromStep, replay, task))?.values() ?? [])],
    ftPrompts: (trained, fromStep, replay, task, o) => sumPromptCounts([...(prompts.get(ftKey(trained, fromStep, replay, task, o))?.values() ?? [])]),
    formats: (role, task) => [...(formats.get(key(role, task)) ?? [])].sort(),
    sequences: sequenceVariants([...seqRuns.values()], metric, estimate),
  }
}

/**
 * Sequence stages carry tags ['sequence', <name>, 'stage-<i>', <task>]. One variant per name
 * (its stages may replay different ratios: [0, 0.25] replays only while learning B); its
 * matrix averages the seeds of each cell.
 */
function sequenceVariants(runs: EvaluationRow[][], metric: Map<string, string>, estimate: (r: EvaluationRow) => Estimate): SequenceVariant[] {
  const variants = new Map<string, { name: string; fromStep: number | null; stages: Map<number, { task: string; replay: number; scores: Map<string, Estimate[]> }> }>()
  for (const list of runs) {
    const first = list[0]!
    const name = first.tags[1] ?? 'sequence'
    const stage = Number((first.tags.find((t) => /^stage-\d+$/.test(t)) ?? 'stage-0').slice(6))
    const v = variants.get(name) ?? { name, fromStep: null, stages: new Map() }
    variants.set(name, v)
    if (stage === Math.min(stage, ...v.stages.keys())) v.fromStep = first.fromStep
    const s = v.stages.get(stage) ?? { task: first.trainedTask!, replay: first.replay ?? 0, scores: new Map<string, Estimate[]>() }
    v.stages.set(stage, s)
    for (const r of list) {
      if (r.promptFormat !== 'default' || r.metric !== metric.get(r.task)) continue
      s.scores.set(r.task, [...(s.scores.get(r.task) ?? []), estimate(r)])
    }
  }
  return [...variants.values()]
    .map((v) => {
      const stages = [...v.stages.entries()].sort((a, b) => a[0] - b[0])
      const stageReplays = stages.map(([, s]) => s.replay)
      return {
        name: v.name,
        replay: Math.max(...stageReplays),
        stageReplays,
        fromStep: v.fromStep,
        stages: stages.map(([stage, s]) => ({ stage, task: s.task })),
        matrix: stages.map(([, s]) => stages.map(([, t]) => acrossSeeds(s.scores.get(t.task) ?? []))),
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.replay - b.replay)
}
