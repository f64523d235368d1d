/**
 * The built-in study: the design of Amuro & Char (Sun & Dredze 2024) on the synthetic suite,
 * sized so each of its findings can show within the time budget (default: 20 minutes on two
 * CPU cores). The budget goes where a finding needs it, not to a full grid:
 *
 * - pre-training with checkpoints spread over the steps where knowledge of people arrives
 *   (`facts` goes from 0 to nearly 1 between the first and the last), base scores at each;
 * - every checkpoint fine-tuned on `qa` (knowledge extraction: latent gains, base 0) and `nli`
 *   (a classification task the corpus does not teach), evaluated on every task, in the three
 *   prompt formats, scored by TokenProb and by free generation, with held-out corpus loss;
 * - `facts` (learned in pre-training) fine-tuned from a middle and the final checkpoint, for
 *   the gain of a learned task;
 * - replay 1%, 5%, 25% from the same two checkpoints, on `qa`;
 * - two more fine-tuning seeds from an early checkpoint and the last two, on `qa`, so
 *   adjacent late checkpoints can be seen to tie and early and late not to;
 * - the sequence qa → nli from the final checkpoint, without replay and with 25% replay while
 *   learning nli. Both variants learn qa the same way (no replay), so they start nli from the
 *   same qa model and their BWTs subtract the same R[0][0]. Replaying in both stages, as this
 *   study did before, also started the replay variant's nli from a better qa model (0.46
 *   against 0.26) with more to lose, and the two BWTs, −0.26 [−0.36, −0.17] and −0.13
 *   [−0.25, 0.00], could not be told apart (paired difference +0.14 [−0.01, 0.29], 80 questions).
 *
 * Fine-tuning uses the paper's schedule: warm-up over about 3% of the steps, then linear decay.
 */
import type { ExperimentScheduleInput, PromptFormat } from '../../../shared'
import type { SuiteScale } from '../../../shared/schemas/task'

export const TEMPLATES = ['study'] as const
export type TemplateName = (typeof TEMPLATES)[number]

export interface TemplateOptions {
  /** `default` is sized for ≤ 20 minutes on 2 CPU cores with wasm; `small` for the direction test; `tiny` for a first look. */
  scale: SuiteScale
  seed?: number
}

/** The tasks fine-tuned from every checkpoint: knowledge extraction (generation) and NLI (classification). */
export const STUDY_TASKS = ['qa', 'nli'] as const
/** Every task evaluated: the two above and the two learned ones (held-out corpus loss comes with every evaluation). */
export const STUDY_EVAL_TASKS = ['facts', 'country', 'qa', 'nli']
export const STUDY_REPLAY = [0.01, 0.05, 0.25]

interface ScalePlan {
  preSteps: number
  checkpoints: number[]
  /** Fine-tuning steps: NLI (600 examples) needs more than the short-answer tasks (qa, facts: 2 per training person). */
  ftSteps: { nli: number; short: number }
  /** Checkpoints the replay sweep and the `facts` fine-tune start from: a middle one and the last. */
  sweepFrom: number[]
  /** Checkpoints fine-tuned with extra seeds: an early one and the last two. */
  seedsFrom: number[]
  maxExamples: number
}

const PLANS: Record<SuiteScale, ScalePlan> = {
  tiny: { preSteps: 200, checkpoints: [50, 100, 200], ftSteps: { nli: 40, short: 40 }, sweepFrom: [200], seedsFrom: [100, 200], maxExamples: 24 },
  small: { preSteps: 600, checkpoints: [100, 300, 600], ftSteps: { nli: 100, short: 80 }, sweepFrom: [600], seedsFrom: [100, 300, 600], maxExamples: 120 },
  default: { preSteps: 1600, checkpoints: [100, 200, 400, 800, 1200, 1600], ftSteps: { nli: 150, short: 120 }, sweepFrom: [800, 1600], seedsFrom: [200, 1200, 1600], maxExamples: 200 },
}

const linear = (steps: number, peak: number) => ({ kind: 'linear' as const, peak, warmup: Math.max(1, Math.round(steps * 0.03)), total: steps, floor: 0 })

export function studyTemplate({ scale, seed = 0 }: TemplateOptions): ExperimentScheduleInput {
  const p = PLANS[scale]
  const formats: PromptFormat[] = ['default', 'instruct', 'input-only']
  const evalPlan = { tasks: STUDY_EVAL_TASKS, formats, shots: [0], maxExamples: p.maxExamples, every: 0, splits: ['test' as const] }
  const ft = (steps: number, eval_ = evalPlan) => ({ length: { steps }, batch: 16, lr: linear(steps, 1e-3), replayCorpus: 'suite' as const, eval: eval_ })
  // Three formats where format sensitivity is read (fine-tunes from every checkpoint); the
  // default format elsewhere, which is what the other findings compare.
  const oneFormat = { ...evalPlan, formats: ['default' as const] }
  const { nli, short } = p.ftSteps
  return {
    name: `Pre-training vs fine-tuning (${scale}, seed ${seed})`,
    description:
      `Pre-train a small GPT on biographies of synthetic people with ${p.checkpoints.length} checkpoints; fine-tune each on questions about people ` +
      '(qa: knowledge extraction, tested on people only the corpus describes) and on nli; fine-tune facts (learned in pre-training) for comparison; ' +
      `replay ${STUDY_REPLAY.map((r) => `${r * 100}%`).join(', ')} of the pre-training corpus from a middle and the last checkpoint; three seeds where checkpoints are compared; ` +
      'the sequence qa → nli without and with replay while learning nli. Expect fine-tuned qa to rise with the checkpoint while its base stays at 0, ' +
      'forgetting of facts and held-out corpus loss without replay, recovering with p.',
    model: { layers: 2, heads: 4, width: 128, context: 96, vocab: 257, dropout: 0 },
    tokenizer: { kind: 'byte' },
    suite: { seed, scale },
    seeds: [seed],
    pretrain: {
      corpus: 'suite',
      length: { steps: p.preSteps },
      batch: 16,
      lr: { kind: 'cosine', peak: 2e-3, warmup: Math.round(p.preSteps / 40), total: p.preSteps, floor: 2e-4 },
      checkpoints: { kind: 'at', steps: p.checkpoints },
    },
    branches: [
      { name: 'finetune', from: 'all', tasks: ['qa'], replay: [0], ...ft(short) },
      { name: 'finetune-nli', from: 'all', tasks: ['nli'], replay: [0], ...ft(nli) },
      { name: 'learned', from: { steps: p.sweepFrom }, tasks: ['facts'], replay: [0], ...ft(short, oneFormat) },
      { name: 'replay', from: { steps: p.sweepFrom }, tasks: ['qa'], replay: STUDY_REPLAY, ...ft(short, oneFormat) },
      { name: 'seeds', from: { steps: p.seedsFrom }, tasks: ['qa'], replay: [0], seeds: [seed + 1, seed + 2], ...ft(short, oneFormat) },
    ],
    sequences: [0, [0, 0.25]].map((replay) => ({
      name: replay === 0 ? 'qa-then-nli' : 'qa-then-nli-replay',
      from: 'final' as const,
      tasks: ['qa', 'nli'],
      length: { steps: nli },
      batch: 16,
      lr: linear(nli, 1e-3),
      replay,
      eval: oneFormat,
    })),
    // The base model in the default format: the findings compare fine-tuned models across
    // formats, and three formats at every checkpoint would cost about 100 s of the budget.
    baseEval: oneFormat,
    backend: 'auto',
  }
}
