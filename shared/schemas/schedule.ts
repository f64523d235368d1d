/**
 * An experiment schedule: the research design as data. A pre-training phase with a checkpoint
 * plan, optional continual phases, fine-tuning branches swept over checkpoints × tasks ×
 * replay ratios, sequential task sequences, evaluation plans, and seeds. `expandSchedule`
 * (shared/schedule-expand.ts) turns it into a job graph.
 */
import { z } from 'zod'
import { LrSchedule } from '../schedules'
import { PromptFormat } from './checkpoint'
import { BackendPreference } from './job-spec'
import { ModelConfig } from './model'
import { TokenizerSpec } from './tokenizer'

const Name = z.string().trim().min(1, 'a name is required').max(100).regex(/^[\w .+-]+$/, 'use letters, digits, spaces and _ . + - only')
const Count = z.number().int().min(1)

/** Where a corpus comes from: the built-in synthetic suite, or an imported dataset. */
export const CorpusRef = z.union([z.literal('suite'), z.object({ dataset: z.string().min(1) })])
export type CorpusRef = z.infer<typeof CorpusRef>

/** A length in optimizer steps or in tokens (converted with batch × context). */
export const Length = z.union([z.object({ steps: Count }), z.object({ tokens: Count })])
export type Length = z.infer<typeof Length>

export const CheckpointPlan = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('every'), steps: Count }),
  /** `count` checkpoints spaced evenly in log(step), the last at the end. */
  z.object({ kind: z.literal('log'), count: z.number().int().min(1).max(64) }),
  z.object({ kind: z.literal('at'), steps: z.array(Count).min(1) }),
])
export type CheckpointPlan = z.infer<typeof CheckpointPlan>

export const EvalPlan = z.object({
  /** Task names; empty means every task of the suite and the experiment. */
  tasks: z.array(z.string()).default([]),
  formats: z.array(PromptFormat).min(1).default(['default']),
  shots: z.array(z.number().int().min(0).max(16)).min(1).default([0]),
  /** Test examples per task and split (a cap keeps evaluation quick). */
  maxExamples: z.number().int().min(1).max(100_000).default(200),
  /** In-domain (`test`) and out-of-domain (`ood`) test sets. */
  splits: z.array(z.enum(['test', 'ood'])).min(1).default(['test', 'ood']),
  /** Evaluate during fine-tuning every this many steps as well as at the end (0: end only). */
  every: z.number().int().min(0).default(0),
})
export type EvalPlan = z.infer<typeof EvalPlan>

const Training = {
  length: Length,
  batch: z.number().int().min(1).max(4096),
  accumulation: z.number().int().min(1).max(1024).default(1),
  lr: LrSchedule,
}

export const PretrainPhase = z.object({ corpus: CorpusRef.default('suite'), checkpoints: CheckpointPlan, ...Training })

export const ContinualPhase = z.object({
  name: Name,
  corpus: CorpusRef,
  checkpoints: CheckpointPlan,
  ...Training,
})

/** Which pre-training checkpoints a branch starts from. */
export const BranchFrom = z.union([
  z.literal('all'),
  z.literal('final'),
  z.object({ steps: z.array(Count).min(1) }),
  /** Every k-th checkpoint of the plan, counting from the first. */
  z.object({ everyKth: Count }),
])
export type BranchFrom = z.infer<typeof BranchFrom>

export const FinetuneBranch = z.object({
  name: Name,
  from: BranchFrom,
  tasks: z.array(z.string().min(1)).min(1, 'at least one task'),
  length: z.union([Length, z.object({ epochs: z.number().positive().max(1000) })]),
  batch: Training.batch,
  accumulation: Training.accumulation,
  lr: LrSchedule,
  replay: z.array(z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1')).min(1).default([0]),
  replayCorpus: CorpusRef.default('suite'),
  /**
   * Fine-tuning seeds (data order, k-shot draws), one run each, all from the same pre-trained
   * lineage; default: the lineage's own seed. Extra seeds where a comparison needs them
   * (adjacent checkpoints) cost a run each, so they are a branch's choice, not the schedule's.
   */
  seeds: z.array(z.number().int().min(0).max(2 ** 31 - 1)).min(1).optional(),
  eval: EvalPlan.default({ tasks: [], formats: ['default'], shots: [0], maxExamples: 200, every: 0, splits: ['test', 'ood'] }),
})
export type FinetuneBranch = z.infer<typeof FinetuneBranch>

/** Tasks learned one after another (A → B → C) for an accuracy matrix. */
export const TaskSequence = z.object({
  name: Name,
  from: z.union([z.literal('final'), z.object({ step: Count })]),
  tasks: z.array(z.string().min(1)).min(2, 'a sequence has at least two tasks'),
  length: z.union([Length, z.object({ epochs: z.number().positive().max(1000) })]),
  batch: Training.batch,
  lr: LrSchedule,
  replay: z.number().min(0).max(1).default(0),
  eval: EvalPlan.default({ tasks: [], formats: ['default'], shots: [0], maxExamples: 200, every: 0, splits: ['test', 'ood'] }),
})

export const ExperimentSchedule = z
  .object({
    name: z.string().trim().min(1, 'a name is required').max(200),
    description: z.string().max(10_000).default(''),
    model: ModelConfig,
    tokenizer: TokenizerSpec.default({ kind: 'byte' }),
    /** The built-in synthetic world: its corpus is `'suite'` and its tasks are named. */
    suite: z.object({ seed: z.number().int().min(0), scale: z.enum(['tiny', 'small', 'default']) }).nullable().default(null),
    seeds: z.array(z.number().int().min(0).max(2 ** 31 - 1)).min(1).default([0]),
    pretrain: PretrainPhase,
    continual: z.array(ContinualPhase).default([]),
    branches: z.array(FinetuneBranch).default([]),
    sequences: z.array(TaskSequence).default([]),
    /** Evaluate every pre-training checkpoint (the "base" scores). */
    baseEval: EvalPlan.nullable().default(null),
    backend: BackendPreference.default('auto'),
  })
  .superRefine((s, ctx) => {
    const names = [...s.continual.map((c) => c.name), ...s.branches.map((b) => b.name), ...s.sequences.map((q) => q.name)]
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) ctx.addIssue({ code: 'custom', message: `the name "${n}" is used twice`, path: ['branches'] })
    })
    const usesSuite = s.pretrain.corpus === 'suite' || s.branches.some((b) => b.replayCorpus === 'suite') || s.continual.some((c) => c.corpus === 'suite')
    if (usesSuite && !s.suite) ctx.addIssue({ code: 'custom', message: 'the corpus "suite" needs the built-in suite to be set', path: ['suite'] })
    s.branches.forEach((b, i) => {
      if (typeof b.from === 'object' && 'steps' in b.from && s.pretrain.checkpoints.kind === 'at')
        b.from.steps.forEach((step, j) => {
          if (!(s.pretrain.checkpoints as { steps: number[] }).steps.includes(step))
            ctx.addIssue({ code: 'custom', message: `step ${step} is not in the pre-training checkpoint plan`, path: ['branches', i, 'from', 'steps', j] })
        })
    })
  })
export type ExperimentSchedule = z.infer<typeof ExperimentSchedule>
export type ExperimentScheduleInput = z.input<typeof ExperimentSchedule>
