/**
 * Evaluating one checkpoint's parameters on tasks, in every requested prompt format and shot
 * count, on the in-domain and out-of-domain test sets — the cells of the forgetting heatmaps.
 * Classification is scored by TokenProb (the paper's method) with the majority-class baseline
 * beside it, and also by free generation (`generation-accuracy`: the greedy line must be the
 * label), because how a model is scored changes what it seems to know; generation by exact
 * match and ROUGE-L. Every score carries a bootstrap interval.
 */
import type { PromptFormat } from '../../../shared'
import { bootstrapInterval, type EvalTask, type Example, type Interval } from '../../../shared/eval'
import { evalTaskOf, type TaskDefinition } from '../../../shared/schemas/task'
import { classifyByRanking, classifyByTokenProb, evaluateGeneration, gptScorer, labelDecidingTokens, type GenerationOptions, type Scorer } from '../engine/eval'
import type { Gpt } from '../engine/model'
import type { Tokenizer } from '../engine/tokenizer'

export interface EvaluationCell {
  task: string
  split: 'test' | 'ood'
  promptFormat: PromptFormat
  shots: number
  metric: string
  value: number
  ciLow: number | null
  ciHigh: number | null
  n: number
  /** Per-example scores in the test set's order (what the interval resamples), so two checkpoints compare paired; null for a baseline. */
  items: number[] | null
  /**
   * Prompts longer than the model's context, cut from the left before scoring (the built-in
   * study's 96-token model cuts every 147–200-byte instruct NLI prompt). null where no prompt
   * is scored: the majority baseline, and the held-out corpus loss (held-out.ts).
   */
  truncated: number | null
}

export interface EvaluatePlan {
  splits: ('test' | 'ood')[]
  formats: PromptFormat[]
  shots: number[]
  maxExamples: number
  seed: number
}

export function evaluateParams(gpt: Gpt, params: Float32Array, tokenizer: Tokenizer, tasks: TaskDefinition[], plan: EvaluatePlan): EvaluationCell[] {
  const scorer = gptScorer(gpt, params)
  const cells: EvaluationCell[] = []
  for (const def of tasks) {
    const task = evalTaskOf(def)
    for (const split of plan.splits) {
      const test = def.splits[split].slice(0, plan.maxExamples)
      if (test.length === 0) continue
      for (const format of plan.formats)
        for (const shots of plan.shots) {
          const base = { task: def.id, split, promptFormat: format, shots }
          const options = { task, format, shots, train: def.splits.train, test, seed: plan.seed }
          if (def.kind === 'classification') {
            // Imported labels may share their deciding token ("neutral", "negative" with bytes):
            // TokenProb cannot tell them apart, so those tasks are ranked by full-label likelihood.
            const ranked = !tokenProbDecides(tokenizer, options)
            const r = ranked ? classifyByRanking(scorer, tokenizer, options) : classifyByTokenProb(scorer, tokenizer, options)
            cells.push({ ...base, metric: ranked ? 'rank-accuracy' : 'accuracy', ...scored(r.accuracy, r.correct), truncated: r.truncated })
            cells.push({ ...base, metric: 'majority-baseline', value: r.baseline.accuracy, ciLow: null, ciHigh: null, n: r.accuracy.n, items: null, truncated: null })
            const g = generationAccuracy(scorer, tokenizer, { ...options, ...labelsAsTargets(task, test, tokenizer) })
            cells.push({ ...base, metric: 'generation-accuracy', ...scored(g.interval, g.correct), truncated: g.truncated })
          } else {
            const r = evaluateGeneration(scorer, tokenizer, options)
            const exact = scored(r.exactMatchInterval, r.exactMatch)
            cells.push({ ...base, metric: def.metric, ...(def.metric === 'rouge-l' ? scored(r.rougeLInterval, r.rougeL) : exact), truncated: r.truncated })
            if (def.metric === 'rouge-l') cells.push({ ...base, metric: 'exact-match', ...exact, truncated: r.truncated })
          }
        }
    }
  }
  return cells
}

/** A cell's numbers: the interval and the per-example scores it resamples (ROUGE-L to 4 decimals, which the store keeps as text). */
function scored(iv: Interval, perExample: number[]): Pick<EvaluationCell, 'value' | 'ciLow' | 'ciHigh' | 'n' | 'items'> {
  return { value: iv.estimate, ciLow: iv.low, ciHigh: iv.high, n: iv.n, items: perExample.map((v) => Math.round(v * 1e4) / 1e4) }
}

function tokenProbDecides(tokenizer: Tokenizer, options: Parameters<typeof labelDecidingTokens>[1]): boolean {
  try {
    labelDecidingTokens(tokenizer, options, options.task.labels ?? [])
    return true
  } catch {
    return false
  }
}

/**
 * Free generation of a label: right when the greedy line, ended by a newline or end-of-text, is
 * the label. A line cut by the token budget ("contradicts maybe…" cut after the label's
 * length) is not an answer, so it never counts.
 */
export function generationAccuracy(scorer: Scorer, tokenizer: Tokenizer, o: GenerationOptions): { interval: Interval; correct: number[]; truncated: number } {
  const r = evaluateGeneration(scorer, tokenizer, o)
  const correct = r.exactMatch.map((m, i) => (m === 1 && r.stops[i] !== 'max-tokens' ? 1 : 0))
  return { interval: bootstrapInterval(correct, { seed: o.seed }), correct, truncated: r.truncated }
}

/** A classification task seen as a generation task: the label is the target of a one-line answer a few tokens long. */
export function labelsAsTargets(task: EvalTask, test: Example[], tokenizer: Tokenizer): { task: EvalTask; test: Example[] } {
  const longest = Math.max(...(task.labels ?? []).map((l) => tokenizer.encode(l).length))
  return { task: { ...task, stopAtNewline: true, maxNewTokens: longest + 2 }, test: test.map((e) => ({ input: e.input, target: e.label })) }
}

/** The suite's tasks named by a plan (all of them when the list is empty); unknown names are an error. */
export function pickTasks(all: TaskDefinition[], names: string[]): TaskDefinition[] {
  if (names.length === 0) return all
  return names.map((n) => {
    const t = all.find((d) => d.id === n)
    if (!t) throw new Error(`unknown task "${n}" (the suite has ${all.map((d) => d.id).join(', ')})`)
    return t
  })
}
