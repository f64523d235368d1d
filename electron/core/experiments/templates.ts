/**
 * Built-in study templates. "Pre-training vs fine-tuning" reproduces the design of Amuro &
 * Char (Sun & Dredze 2024) on the synthetic suite: pre-train with about eight checkpoints,
 * fine-tune each checkpoint on tasks the corpus does not teach, with replay ratios 0, 5% and
 * 25%, and evaluate every task before and after.
 */
import type { ExperimentScheduleInput, PromptFormat } from '../../../shared'
import type { SuiteScale } from '../../../shared/schemas/task'

export const TEMPLATES = ['study'] as const
export type TemplateName = (typeof TEMPLATES)[number]

export interface TemplateOptions {
  /** `default` is sized for ≤ 30 minutes on 2 CPU cores with wasm; `small` for the direction test; `tiny` for a first look. */
  scale: SuiteScale
  seed?: number
}

/** The not-learned tasks the study fine-tunes on: one generation task, one 3-label classification task. */
export const STUDY_TASKS = ['reverse', 'nli'] as const
export const STUDY_REPLAY = [0, 0.05, 0.25]

export function studyTemplate({ scale, seed = 0 }: TemplateOptions): ExperimentScheduleInput {
  const preSteps = { tiny: 400, small: 800, default: 1500 }[scale]
  const ftSteps = { tiny: 60, small: 100, default: 80 }[scale]
  const evalPlan = { tasks: [] as string[], formats: ['default', 'instruct', 'input-only'] as PromptFormat[], shots: [0], maxExamples: scale === 'default' ? 100 : 60, every: 0, splits: ['test', 'ood'] as ('test' | 'ood')[] }
  return {
    name: `Pre-training vs fine-tuning (${scale}, seed ${seed})`,
    description:
      'Pre-train a small GPT on the synthetic world with eight log-spaced checkpoints; fine-tune each checkpoint on two tasks the corpus does not teach ' +
      '(reverse, nli), with 0, 5% and 25% of every batch replayed from the pre-training corpus; evaluate every task before and after. ' +
      'Expect (a) the knowledge task (facts) to fall after fine-tuning without replay and less with replay, and (b) fine-tuned scores on a new task ' +
      'to rise with the checkpoint while base scores stay near the majority baseline.',
    model: { layers: 2, heads: 4, width: 128, context: 96, vocab: 257, dropout: 0 },
    tokenizer: { kind: 'byte' },
    suite: { seed, scale },
    seeds: [seed],
    pretrain: {
      corpus: 'suite',
      length: { steps: preSteps },
      batch: 16,
      lr: { kind: 'cosine', peak: 2e-3, warmup: Math.round(preSteps / 20), total: preSteps, floor: 2e-4 },
      checkpoints: { kind: 'log', count: 8 },
    },
    branches: [
      {
        name: 'finetune',
        from: 'all',
        tasks: [...STUDY_TASKS],
        length: { steps: ftSteps },
        batch: 16,
        lr: { kind: 'constant', lr: 2e-3 },
        replay: STUDY_REPLAY,
        replayCorpus: 'suite',
        eval: { ...evalPlan, formats: ['default'] },
      },
    ],
    baseEval: evalPlan,
    backend: 'auto',
  }
}
