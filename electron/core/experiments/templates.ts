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
  /** `default` is sized for ≤ 30 minutes on 2 CPU cores with wasm; `tiny` for tests and a first look. */
  scale: SuiteScale
  seed?: number
}

export function studyTemplate({ scale, seed = 0 }: TemplateOptions): ExperimentScheduleInput {
  const tiny = scale === 'tiny'
  const preSteps = tiny ? 240 : 1600
  const evalPlan = { tasks: [] as string[], formats: ['default', 'instruct', 'input-only'] as PromptFormat[], shots: [0], maxExamples: tiny ? 40 : 100, every: 0 }
  return {
    name: `Pre-training vs fine-tuning (${scale}, seed ${seed})`,
    description:
      'Pre-train a small GPT on the synthetic world with about eight checkpoints; fine-tune each checkpoint on tasks the corpus does not teach, ' +
      'with 0, 5% and 25% of every batch replayed from the pre-training corpus; evaluate every task before and after. ' +
      'Expect (a) the knowledge task to fall after fine-tuning without replay and less with replay, and (b) fine-tuned scores on a new task ' +
      'to rise with the checkpoint while base scores stay near the majority baseline.',
    model: tiny ? { layers: 2, heads: 2, width: 64, context: 96, vocab: 257, dropout: 0 } : { layers: 2, heads: 4, width: 128, context: 96, vocab: 257, dropout: 0 },
    tokenizer: { kind: 'byte' },
    suite: { seed, scale },
    seeds: [seed],
    pretrain: {
      corpus: 'suite',
      length: { steps: preSteps },
      batch: 16,
      lr: { kind: 'cosine', peak: tiny ? 3e-3 : 2e-3, warmup: Math.round(preSteps / 20), total: preSteps, floor: tiny ? 3e-4 : 2e-4 },
      checkpoints: { kind: 'log', count: 8 },
    },
    branches: [
      {
        name: 'finetune',
        from: 'all',
        tasks: ['nli', 'arithmetic'],
        length: { steps: tiny ? 40 : 60 },
        batch: 16,
        lr: { kind: 'constant', lr: tiny ? 2e-3 : 1e-3 },
        replay: [0, 0.05, 0.25],
        replayCorpus: 'suite',
        eval: { ...evalPlan, formats: ['default'] },
      },
    ],
    baseEval: evalPlan,
    backend: 'auto',
  }
}
