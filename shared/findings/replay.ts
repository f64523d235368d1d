/**
 * Finding 5, replay: with a fraction p of each batch replayed from the pre-training corpus,
 * held-out pre-training loss (`corpus:*` rows, lower is better) and the knowledge tasks
 * (learned in pre-training, their mean) recover monotonically with p, while the fine-tuned
 * task's own score changes little until p is large.
 * Rules (interval separation, estimate.ts): monotone = no step from one p to the next goes the
 * wrong way beyond the intervals, and the largest p is better than p = 0 beyond them; "changes
 * little" = every p but the largest ties with p = 0. Judged on the replay sweep fine-tuned
 * from the latest checkpoint (the task with the most ratios there); every sweep is drawn.
 */
import type { Cells } from './cells'
import { above, meanOf, tie } from './estimate'
import { est, list, pct, step } from './text'
import type { Estimate, FindingBase, FindingNumber, Verdict } from './types'

export interface ReplayPoint {
  replay: number
  loss: Estimate | null
  knowledge: Estimate | null
  task: Estimate | null
}

export interface ReplaySweep {
  trained: string
  fromStep: number
  corpus: string | null
  knowledgeTasks: string[]
  /** Before fine-tuning: the checkpoint's own loss and knowledge. */
  before: { loss: Estimate | null; knowledge: Estimate | null; task: Estimate | null }
  points: ReplayPoint[]
}

export type ReplayFinding = FindingBase<'replay', { sweeps: ReplaySweep[] }>

function pickCorpus(cells: Cells): string | null {
  const corpora = cells.tasks.filter((t) => t.kind === 'corpus').map((t) => t.task)
  return corpora.includes('corpus:suite') ? 'corpus:suite' : (corpora.sort()[0] ?? null)
}

export function replaySweeps(cells: Cells): ReplaySweep[] {
  const corpus = pickCorpus(cells)
  const sweeps: ReplaySweep[] = []
  for (const trained of cells.trainedTasks()) {
    const learned = cells.tasks.filter((t) => t.learned === true && t.kind !== 'corpus' && t.task !== trained).map((t) => t.task)
    for (const fromStep of cells.fromSteps(trained)) {
      const replays = cells.replays(trained, fromStep)
      if (replays.length < 2) continue
      // Knowledge: the learned tasks evaluated after every ratio of this sweep.
      const knowledgeTasks = learned.filter((t) => replays.every((p) => cells.ft(trained, fromStep, p, t)))
      const knowledgeOf = (get: (task: string) => Estimate | null) => {
        const list = knowledgeTasks.map(get)
        return list.length && list.every((e) => e) ? meanOf(list as Estimate[]) : null
      }
      sweeps.push({
        trained,
        fromStep,
        corpus,
        knowledgeTasks,
        before: { loss: corpus ? cells.base(corpus, fromStep) : null, knowledge: knowledgeOf((t) => cells.base(t, fromStep)), task: cells.base(trained, fromStep) },
        points: replays.map((p) => ({
          replay: p,
          loss: corpus ? cells.ft(trained, fromStep, p, corpus) : null,
          knowledge: knowledgeOf((t) => cells.ft(trained, fromStep, p, t)),
          task: cells.ft(trained, fromStep, p, trained),
        })),
      })
    }
  }
  return sweeps
}

/** Monotone in p in the better direction, by the rule above; null when a value is missing. */
function monotone(values: (Estimate | null)[], higherIsBetter: boolean): boolean | null {
  if (values.some((v) => !v)) return null
  const v = values as Estimate[]
  const better = (a: Estimate, b: Estimate) => (higherIsBetter ? above(a, b) : above(b, a))
  for (let i = 1; i < v.length; i++) if (better(v[i - 1]!, v[i]!)) return false
  return better(v[v.length - 1]!, v[0]!)
}

export function replay(cells: Cells): ReplayFinding {
  const sweeps = replaySweeps(cells)
  const base = { id: 'replay' as const, number: 5, title: 'Replay: a little pre-training data keeps what fine-tuning forgets', series: { sweeps } }
  if (sweeps.length === 0) {
    const reason = 'no task is fine-tuned from one checkpoint with two or more replay ratios'
    return { ...base, statement: `Not shown: ${reason}.`, verdict: 'cannot-judge', reason, numbers: [] }
  }
  const latest = Math.max(...sweeps.map((s) => s.fromStep))
  const s = sweeps.filter((x) => x.fromStep === latest).sort((a, b) => b.points.length - a.points.length || a.trained.localeCompare(b.trained))[0]!
  const numbers: FindingNumber[] = s.points.flatMap((p) => [
    ...(p.loss ? [{ label: `${s.corpus} loss, replay ${pct(p.replay)}`, estimate: p.loss }] : []),
    ...(p.knowledge ? [{ label: `knowledge (${s.knowledgeTasks.join(', ')}), replay ${pct(p.replay)}`, estimate: p.knowledge }] : []),
    ...(p.task ? [{ label: `${s.trained}, replay ${pct(p.replay)}`, estimate: p.task }] : []),
  ])
  const first = s.points[0]!
  const last = s.points[s.points.length - 1]!
  const lossOk = monotone(s.points.map((p) => p.loss), false)
  const knowOk = monotone(s.points.map((p) => p.knowledge), true)
  const inner = s.points.slice(0, -1)
  const taskOk = s.points.every((p) => p.task) ? inner.every((p) => tie(p.task!, first.task!)) : null
  const parts: string[] = []
  const series = (pick: (p: ReplayPoint) => Estimate | null) => s.points.map((p) => `${est(pick(p)!)} at ${pct(p.replay)}`).join(', ')
  if (lossOk !== null) parts.push(`held-out ${s.corpus} loss ${series((p) => p.loss)}`)
  if (knowOk !== null) parts.push(`knowledge (${list(s.knowledgeTasks)}) ${series((p) => p.knowledge)}`)
  if (taskOk !== null) parts.push(`${s.trained} itself ${series((p) => p.task)}`)
  const lead = `Fine-tuning ${s.trained} from ${step(s.fromStep)} with replay: ${parts.join('; ')}.`
  const missing = [
    lossOk === null ? 'held-out pre-training loss (corpus:* rows) at every replay ratio' : null,
    knowOk === null ? 'a knowledge task (learned in pre-training) evaluated at every replay ratio' : null,
    taskOk === null ? `${s.trained} evaluated at every replay ratio` : null,
  ].filter((m): m is string => m !== null)
  const failed = [
    lossOk === false ? 'the loss does not fall monotonically with p beyond the intervals' : null,
    knowOk === false ? 'knowledge does not rise monotonically with p beyond the intervals' : null,
    taskOk === false ? `${s.trained} already changes beyond the intervals at a replay ratio below ${pct(last.replay)}` : null,
  ].filter((m): m is string => m !== null)
  const verdict: Verdict = failed.length ? 'does-not-hold' : missing.length ? 'cannot-judge' : 'holds'
  const reason = failed.length ? failed.join('; ') : missing.length ? `missing: ${missing.join('; ')}` : null
  return { ...base, statement: parts.length ? lead : `Not shown: ${reason}.`, verdict, reason, numbers }
}
