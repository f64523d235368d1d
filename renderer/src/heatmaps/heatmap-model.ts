/**
 * What a forgetting heatmap shows, as plain data: rows are checkpoints (pre-training steps, or
 * fine-tuning runs grouped by the step they branched from and their replay ratio), columns are
 * tasks, and each cell holds one number for the chosen metric, or nothing yet ("not
 * evaluated"). Gains and ratios come from `shared/forgetting.ts`, never re-derived here.
 */
import type { Checkpoint } from '../../../shared/schemas/checkpoint'
import type { EvaluationRow } from '../../../shared/schemas/experiment-calls'
import type { RunSummary } from '../../../shared/schemas/run'
import { gain, ratioOfChange } from '../../../shared/forgetting'

export type HeatmapMetric = 'score' | 'gain' | 'ratio' | 'forgetting'

export const METRIC_LABELS: Record<HeatmapMetric, string> = {
  score: 'Score',
  gain: 'Fine-tuned − base',
  ratio: 'Ratio of change',
  forgetting: 'Forgetting',
}

export const METRIC_HELP: Record<HeatmapMetric, string> = {
  score: 'The checkpoint’s score on each task (accuracy, or ROUGE-L for generation tasks).',
  gain: 'Score after fine-tuning minus the score of the pre-training checkpoint it branched from. Negative: lost.',
  ratio: '(fine-tuned − base) / base, the per-task term of the mean ratio of change (MRC). Negative: lost.',
  forgetting: 'Best earlier score on the task (the base, or an earlier checkpoint of the same run) minus the current one. Positive: forgotten.',
}

/** Which evaluation metric stands for a task: accuracy for classification, ROUGE-L for generation; loss for a corpus. */
const PRIMARY = ['accuracy', 'rouge-l', 'exact-match', 'loss']

/** A held-out corpus column (`corpus:<name>`, metric loss): lower is better, on its own colour scale. */
export const isCorpusColumn = (task: string): boolean => task.startsWith('corpus:')

export interface Filters {
  split: string
  format: string
  shots: number
  /** 'all' or a replay ratio as a string ('0', '0.25'). */
  replay: string
}

/** How a run of the experiment sits in the lineage. */
export interface RunInfo {
  run: RunSummary
  trainedTask: string | null
  replay: number | null
  /** The step of the pre-training checkpoint the run's lineage branched from (through earlier fine-tunes). */
  fromStep: number | null
  /** The fine-tunes this run continued from, oldest first (a sequence's earlier stages); empty for a branch of pre-training. */
  after: { runId: number; task: string | null; step: number }[]
}

/** A run alone: its parent unresolved (a branch of pre-training at `init.step`). */
export function runInfo(run: RunSummary): RunInfo {
  const { plan } = run
  return {
    run,
    trainedTask: plan?.task ?? null,
    replay: plan?.replay ?? null,
    fromStep: plan?.init.from === 'job' ? plan.init.step : null,
    after: [],
  }
}

/**
 * Every run with its lineage resolved through the plan keys: a sequence's second stage
 * (init: step 150 of the first stage's job) branched from pre-training where its first stage
 * did, not from a pre-training checkpoint at step 150.
 */
export function runInfos(runs: readonly RunSummary[]): Map<number, RunInfo> {
  const byKey = new Map(runs.flatMap((r) => (r.plan ? [[r.plan.key, r] as const] : [])))
  const out = new Map<number, RunInfo>()
  const resolve = (run: RunSummary, depth: number): RunInfo => {
    const done = out.get(run.id)
    if (done) return done
    const own = runInfo(run)
    const init = run.plan?.init
    const parent = init?.from === 'job' ? byKey.get(init.job) : undefined
    // A lineage deeper than the runs there are is a cycle in hand-edited plans: stop at the run itself.
    if (init?.from === 'job' && parent && parent.kind !== 'pretrain' && parent.kind !== 'evaluate' && depth < runs.length) {
      const up = resolve(parent, depth + 1)
      own.fromStep = up.fromStep
      own.after = [...up.after, { runId: parent.id, task: up.trainedTask, step: init.step }]
    }
    out.set(run.id, own)
    return own
  }
  for (const r of runs) resolve(r, 0)
  return out
}

const stepText = (step: number | null) => (step === null ? '?' : step.toLocaleString('en-US'))

/** The group of a fine-tune's rows: the pre-training step it branched from, and the stages it continued. */
const groupOf = (info: RunInfo): string =>
  [`from step ${stepText(info.fromStep)}`, ...info.after.map((a) => `after ${a.task ?? 'run ' + a.runId}`)].join(' · ')

export interface HeatmapRow {
  key: string
  checkpointId: number
  /** The full name, for tooltips and exports: the run's name and the checkpoint's step. */
  label: string
  /** The checkpoint rows are grouped by: "pre-training", or the step fine-tunes branched from. */
  group: string
  /** What tells the row apart within its group: task, replay, and seed and step where they vary. */
  sub: string
  runId: number
  runName: string
  kind: string
  step: number
  fromStep: number | null
  replay: number | null
  trainedTask: string | null
}

export interface HeatmapCell {
  row: number
  col: number
  checkpointId: number
  task: string
  value: number | null
  /** The evaluation metric behind the score (accuracy, rouge-l, …). */
  scoreMetric: string | null
  score: number | null
  base: number | null
  ciLow: number | null
  ciHigh: number | null
  n: number | null
  /** Of the n prompts, how many were cut to the model's context (null: not counted). */
  truncated: number | null
  /** The model's context in tokens, when known. */
  context: number | null
  evaluated: boolean
  /** Corpus loss cells: a lower score is better, so a positive change is a loss of knowledge. */
  lowerIsBetter: boolean
}

export interface Heatmap {
  metric: HeatmapMetric
  rows: HeatmapRow[]
  columns: string[]
  cells: HeatmapCell[]
  /** Colour scale: sequential 0..max for scores, symmetric around zero otherwise. */
  scale: { kind: 'sequential' | 'diverging'; min: number; max: number; center: number | null }
  /** The corpus-loss columns' own scale (losses are not on the 0..1 scale of scores); null without such columns. */
  corpusScale: { kind: 'sequential' | 'diverging'; min: number; max: number; center: number | null } | null
}

export interface Inputs {
  runs: RunSummary[]
  checkpoints: Checkpoint[]
  evaluations: EvaluationRow[]
}

export const pct = (r: number) => `${+(r * 100).toFixed(1)}%`

/** The options the filters offer, from what has been evaluated. */
export function filterOptions(evaluations: readonly EvaluationRow[], runs: readonly RunSummary[]) {
  const uniq = <T>(xs: T[]) => [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return {
    splits: uniq(evaluations.map((e) => e.split)),
    formats: uniq(evaluations.map((e) => e.promptFormat)),
    shots: uniq(evaluations.map((e) => e.shots)).sort((a, b) => a - b),
    replays: uniq(runs.map((r) => runInfo(r).replay).filter((r): r is number => r !== null)).sort((a, b) => a - b),
    tasks: uniq(evaluations.map((e) => e.task)),
  }
}

function pickScore(rows: EvaluationRow[]): EvaluationRow | undefined {
  for (const metric of PRIMARY) {
    const hit = rows.find((r) => r.metric === metric)
    if (hit) return hit
  }
  return rows.find((r) => r.metric !== 'majority-baseline')
}

/** Every evaluated score for the filters, by checkpoint and task. */
export function scoreIndex(evaluations: readonly EvaluationRow[], f: Pick<Filters, 'split' | 'format' | 'shots'>): Map<string, EvaluationRow> {
  const groups = new Map<string, EvaluationRow[]>()
  for (const e of evaluations) {
    if (e.split !== f.split || e.promptFormat !== f.format || e.shots !== f.shots) continue
    const k = `${e.checkpointId}:${e.task}`
    const list = groups.get(k)
    if (list) list.push(e)
    else groups.set(k, [e])
  }
  const out = new Map<string, EvaluationRow>()
  for (const [k, list] of groups) {
    const hit = pickScore(list)
    if (hit) out.set(k, hit)
  }
  return out
}

/** Rows: pre-training checkpoints by step; fine-tuned ones grouped by from-step, then task and replay. */
export function heatmapRows({ runs, checkpoints }: Pick<Inputs, 'runs' | 'checkpoints'>, metric: HeatmapMetric, replayFilter: string, infos = runInfos(runs)): HeatmapRow[] {
  const rows: HeatmapRow[] = []
  for (const c of checkpoints) {
    const info = infos.get(c.runId)
    if (!info || info.run.kind === 'evaluate') continue
    const pretrain = info.run.kind === 'pretrain'
    if (pretrain && metric !== 'score') continue
    if (!pretrain && replayFilter !== 'all' && String(info.replay) !== replayFilter) continue
    // Run names of the schedule already say the replay ("qa from step 200 · replay 25% · seed 0"): said once.
    const replay = info.replay === null || /replay/.test(info.run.name) ? '' : ` · replay ${pct(info.replay)}`
    rows.push({
      key: `${c.id}`,
      checkpointId: c.id,
      label: `${info.run.name}${replay} · step ${c.step.toLocaleString('en-US')}`,
      group: pretrain ? 'pre-training' : groupOf(info),
      sub: '',
      runId: c.runId,
      runName: info.run.name,
      kind: info.run.kind,
      step: c.step,
      fromStep: info.fromStep,
      replay: info.replay,
      trainedTask: info.trainedTask,
    })
  }
  // Sub-labels say only what varies: the seed where a group has several, the step where a run has several checkpoints.
  const seedsByGroup = new Map<string, Set<number>>()
  const rowsByRun = new Map<number, number>()
  const pretrainRuns = new Set(rows.filter((r) => r.kind === 'pretrain').map((r) => r.runId))
  for (const r of rows) {
    const seed = infos.get(r.runId)!.run.seed
    seedsByGroup.set(r.group, (seedsByGroup.get(r.group) ?? new Set()).add(seed))
    rowsByRun.set(r.runId, (rowsByRun.get(r.runId) ?? 0) + 1)
  }
  for (const r of rows) {
    const step = `step ${r.step.toLocaleString('en-US')}`
    if (r.kind === 'pretrain') {
      r.sub = pretrainRuns.size > 1 ? `${r.runName} · ${step}` : step
      continue
    }
    const seed = infos.get(r.runId)!.run.seed
    r.sub = [
      r.trainedTask ?? r.runName,
      r.replay === null ? null : `replay ${pct(r.replay)}`,
      (seedsByGroup.get(r.group)?.size ?? 0) > 1 ? `seed ${seed}` : null,
      (rowsByRun.get(r.runId) ?? 0) > 1 ? step : null,
    ]
      .filter(Boolean)
      .join(' · ')
  }
  // Two rows of a group that still read alike (a branch and a sequence's first stage, both qa
  // at 0% from the final checkpoint) are told apart by their runs' names.
  const seen = new Map<string, HeatmapRow[]>()
  for (const r of rows) seen.set(`${r.group}|${r.sub}`, [...(seen.get(`${r.group}|${r.sub}`) ?? []), r])
  for (const alike of seen.values()) if (alike.length > 1 && new Set(alike.map((r) => r.runId)).size > 1) for (const r of alike) r.sub = (rowsByRun.get(r.runId) ?? 0) > 1 ? `${r.runName} · step ${r.step.toLocaleString('en-US')}` : r.runName
  const order = (r: HeatmapRow) => (r.kind === 'pretrain' ? 0 : 1)
  return rows.sort(
    (a, b) =>
      order(a) - order(b) ||
      (a.fromStep ?? -1) - (b.fromStep ?? -1) ||
      a.group.localeCompare(b.group) ||
      (a.trainedTask ?? '').localeCompare(b.trainedTask ?? '') ||
      (a.replay ?? -1) - (b.replay ?? -1) ||
      a.runId - b.runId ||
      a.step - b.step,
  )
}

/** The pre-training checkpoint a fine-tuning run branched from, by its step. */
function baseCheckpoints(runs: readonly RunSummary[], checkpoints: readonly Checkpoint[]): Map<number, number> {
  const pretrainRuns = new Set(runs.filter((r) => r.kind === 'pretrain').map((r) => r.id))
  const byStep = new Map<number, number>()
  for (const c of checkpoints) if (pretrainRuns.has(c.runId)) byStep.set(c.step, c.id)
  return byStep
}

export function buildHeatmap(inputs: Inputs, metric: HeatmapMetric, filters: Filters, columns?: string[]): Heatmap {
  const infos = runInfos(inputs.runs)
  const rows = heatmapRows(inputs, metric, filters.replay, infos)
  const cols = columns ?? filterOptions(inputs.evaluations, inputs.runs).tasks
  const scores = scoreIndex(inputs.evaluations, filters)
  const bases = baseCheckpoints(inputs.runs, inputs.checkpoints)
  // Earlier checkpoints, for forgetting (max over earlier stages): the run's own, and those of
  // the fine-tunes it continued from, up to the step it branched at.
  const byRun = new Map<number, Checkpoint[]>()
  for (const c of [...inputs.checkpoints].sort((a, b) => a.step - b.step)) byRun.set(c.runId, [...(byRun.get(c.runId) ?? []), c])
  const earlierThan = (row: HeatmapRow): number[] => [
    ...(infos.get(row.runId)?.after ?? []).flatMap((a) => (byRun.get(a.runId) ?? []).filter((c) => c.step <= a.step).map((c) => c.id)),
    ...(byRun.get(row.runId) ?? []).filter((c) => c.step < row.step).map((c) => c.id),
  ]
  const cells: HeatmapCell[] = []
  rows.forEach((row, r) => {
    const baseId = row.fromStep === null ? undefined : bases.get(row.fromStep)
    cols.forEach((task, c) => {
      const lowerIsBetter = isCorpusColumn(task)
      const own = scores.get(`${row.checkpointId}:${task}`)
      const base = baseId === undefined ? undefined : scores.get(`${baseId}:${task}`)
      let value: number | null = null
      if (own) {
        if (metric === 'score') value = own.value
        else if (base && metric === 'gain') value = gain(base.value, own.value)
        else if (base && metric === 'ratio') value = ratioOfChange(base.value, own.value)
        else if (base && metric === 'forgetting') {
          const before = earlierThan(row).map((id) => scores.get(`${id}:${task}`)?.value).filter((v): v is number => v !== undefined)
          // The best earlier value: the highest score, or the lowest loss; positive = forgotten either way.
          value = lowerIsBetter ? own.value - Math.min(base.value, ...before) : Math.max(base.value, ...before) - own.value
        }
      }
      cells.push({
        row: r,
        col: c,
        checkpointId: row.checkpointId,
        task,
        value,
        scoreMetric: own?.metric ?? null,
        score: own?.value ?? null,
        base: base?.value ?? null,
        ciLow: own?.ciLow ?? null,
        ciHigh: own?.ciHigh ?? null,
        n: own?.n ?? null,
        truncated: own?.truncated ?? null,
        context: own?.context ?? null,
        evaluated: value !== null,
        lowerIsBetter,
      })
    })
  })
  const corpusCells = cells.filter((c) => c.lowerIsBetter)
  return {
    metric,
    rows,
    columns: cols,
    cells,
    scale: scaleFor(metric, cells.filter((c) => !c.lowerIsBetter).map((c) => c.value)),
    corpusScale: corpusCells.length === 0 ? null : corpusScaleFor(metric, corpusCells.map((c) => c.value)),
  }
}

export function scaleFor(metric: HeatmapMetric | 'difference', values: (number | null)[]): Heatmap['scale'] {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v))
  if (metric === 'score') return { kind: 'sequential', min: 0, max: Math.max(1, ...finite), center: null }
  const m = Math.max(1e-3, ...finite.map(Math.abs))
  const nice = m <= 1 ? Math.ceil(m * 20) / 20 : Math.ceil(m * 2) / 2
  return { kind: 'diverging', min: -nice, max: nice, center: 0 }
}

/** Losses: sequential from the lowest to the highest value seen (a loss has no natural 0..1 range). */
export function corpusScaleFor(metric: HeatmapMetric, values: (number | null)[]): NonNullable<Heatmap['corpusScale']> {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v))
  if (metric !== 'score') return scaleFor(metric, finite)
  const min = finite.length ? Math.min(...finite) : 0
  const max = finite.length ? Math.max(...finite) : 1
  return { kind: 'sequential', min: Math.floor(min * 20) / 20, max: Math.max(Math.ceil(max * 20) / 20, Math.floor(min * 20) / 20 + 0.05), center: null }
}

/** Cell-by-cell difference a − b of two heatmaps over the columns and row labels they share. */
export function differenceHeatmap(a: Heatmap, b: Heatmap, rowKey: (row: HeatmapRow) => string): Heatmap {
  const bRows = new Map(b.rows.map((r, i) => [rowKey(r), i]))
  const columns = a.columns.filter((c) => b.columns.includes(c))
  const rows = a.rows.filter((r) => bRows.has(rowKey(r)))
  const at = (h: Heatmap, r: number, task: string) => h.cells.find((c) => c.row === r && c.task === task)
  const cells: HeatmapCell[] = []
  rows.forEach((row, r) => {
    const ra = a.rows.indexOf(row)
    const rb = bRows.get(rowKey(row))!
    columns.forEach((task, c) => {
      const ca = at(a, ra, task)
      const cb = at(b, rb, task)
      const value = ca?.value != null && cb?.value != null ? ca.value - cb.value : null
      cells.push({ row: r, col: c, checkpointId: row.checkpointId, task, value, scoreMetric: ca?.scoreMetric ?? null, score: ca?.value ?? null, base: cb?.value ?? null, ciLow: null, ciHigh: null, n: ca?.n ?? null, truncated: ca?.truncated ?? null, context: ca?.context ?? null, evaluated: value !== null, lowerIsBetter: isCorpusColumn(task) })
    })
  })
  const corpus = cells.filter((c) => c.lowerIsBetter)
  return {
    metric: a.metric,
    rows,
    columns,
    cells,
    scale: scaleFor('difference', cells.filter((c) => !c.lowerIsBetter).map((c) => c.value)),
    corpusScale: corpus.length === 0 ? null : scaleFor('difference', corpus.map((c) => c.value)),
  }
}
