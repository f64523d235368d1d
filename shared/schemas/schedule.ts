/**
 * An experiment schedule: the research design as data. A pre-training phase with a checkpoint
 * plan, optional continual phases, fine-tuning branches swept over checkpoints × tasks ×
 * replay ratios, sequential task sequences, evaluation plans, and seeds. `expandSchedule`
 * (shared/schedule-expand.ts) turns it into a job graph.
 *
 * Every object is strict (a typo such as `"brnaches"` is an error naming it), every list and
 * string is bounded, and lists whose items become job keys (seeds, tasks, replay ratios,
 * branch points) refuse repeats, which would make two jobs with one key. What needs the store
 * (imported datasets and tasks) is checked by `scheduleReferenceIssues`.
 */
import { z } from 'zod'
import { LrSchedule } from '../schedules'
import { planCheckpoints, stepsFor } from '../checkpoint-plan'
import { ScheduleError } from '../schedule-error'
import { distinct, NAME_MAX, Text, TEXT_MAX } from './common'
import { EVAL_SETTINGS, EvalTaskNames, TaskName } from './eval-plan'
import { BackendPreference } from './job-spec'
import { DEFAULT_OPTIMIZER, DEFAULT_VALIDATION, OptimizerSettings, ValidationSettings } from './optimizer'
import { ModelConfig } from './model'
import { TokenizerSpec } from './tokenizer'

const Name = Text(100).trim().min(1, 'a name is required').regex(/^[\w .+-]+$/, 'use letters, digits, spaces and _ . + - only')
const Count = z.number().int().min(1).max(1e9)

// Bounds on the sweep's lists: far above any design that trains on a workstation, far below one that exhausts memory.
const MAX_SEEDS = 64
const MAX_PHASES = 32
const MAX_BRANCHES = 64
const MAX_TASKS = 64
const MAX_REPLAY = 32
const MAX_STEPS_LISTED = 1000

/** Where a corpus comes from: the built-in synthetic suite, or an imported dataset. */
export const CorpusRef = z.union([z.literal('suite'), z.strictObject({ dataset: Text(NAME_MAX).min(1, 'a dataset name is required') })], {
  error: 'must be "suite" or {"dataset": "<name of an imported corpus>"}',
})
export type CorpusRef = z.infer<typeof CorpusRef>

/** A length in optimizer steps or in tokens (converted with batch × context). */
export const Length = z.union([z.strictObject({ steps: Count }), z.strictObject({ tokens: Count })], { error: 'must be {"steps": n} or {"tokens": n}' })
export type Length = z.infer<typeof Length>

const Epochs = z.strictObject({ epochs: z.number().positive().max(1000) })

export const CheckpointPlan = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('every'), steps: Count }),
  /** `count` checkpoints spaced evenly in log(step), the last at the end. */
  z.strictObject({ kind: z.literal('log'), count: z.number().int().min(1).max(64) }),
  z.strictObject({ kind: z.literal('at'), steps: z.array(Count).min(1).max(MAX_STEPS_LISTED).superRefine(distinct) }),
])
export type CheckpointPlan = z.infer<typeof CheckpointPlan>

export const EvalPlan = z.strictObject({
  /** Task names; empty means every task of the suite and the experiment. */
  tasks: EvalTaskNames.default([]),
  ...EVAL_SETTINGS,
})
export type EvalPlan = z.infer<typeof EvalPlan>

const Training = {
  length: Length,
  batch: z.number().int().min(1).max(4096),
  accumulation: z.number().int().min(1).max(1024).default(1),
  lr: LrSchedule,
}

export const PretrainPhase = z.strictObject({ corpus: CorpusRef.default('suite'), checkpoints: CheckpointPlan, ...Training })

export const ContinualPhase = z.strictObject({
  name: Name,
  corpus: CorpusRef,
  checkpoints: CheckpointPlan,
  ...Training,
})

/** Which pre-training checkpoints a branch starts from. */
export const BranchFrom = z.union([
  z.literal('all'),
  z.literal('final'),
  z.strictObject({ steps: z.array(Count).min(1).max(MAX_STEPS_LISTED).superRefine(distinct) }),
  /** Every k-th checkpoint of the plan, counting from the first. */
  z.strictObject({ everyKth: Count }),
], { error: 'must be "all", "final", {"steps": [...]} or {"everyKth": k}' })
export type BranchFrom = z.infer<typeof BranchFrom>

const DEFAULT_EVAL = { tasks: [], formats: ['default' as const], shots: [0], maxExamples: 200, every: 0, splits: ['test' as const, 'ood' as const] }

const ReplayRatio = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1')

export const FinetuneBranch = z.strictObject({
  name: Name,
  from: BranchFrom,
  tasks: z.array(TaskName).min(1, 'at least one task').max(MAX_TASKS).superRefine(distinct),
  length: z.union([Length, Epochs], { error: 'must be {"steps": n}, {"tokens": n} or {"epochs": n}' }),
  batch: Training.batch,
  accumulation: Training.accumulation,
  lr: LrSchedule,
  replay: z
    .array(ReplayRatio)
    .min(1)
    .max(MAX_REPLAY)
    .superRefine(distinct)
    .default([0]),
  replayCorpus: CorpusRef.default('suite'),
  /**
   * Fine-tuning seeds (data order, k-shot draws), one run each, all from the same pre-trained
   * lineage; default: the lineage's own seed. Extra seeds where a comparison needs them
   * (adjacent checkpoints) cost a run each, so they are a branch's choice, not the schedule's.
   */
  seeds: z.array(z.number().int().min(0).max(2 ** 31 - 1)).min(1).max(MAX_SEEDS).superRefine(distinct).optional(),
  eval: EvalPlan.default(DEFAULT_EVAL),
})
export type FinetuneBranch = z.infer<typeof FinetuneBranch>

/** Tasks learned one after another (A → B → C) for an accuracy matrix; a task may come back (A → B → A). */
export const TaskSequence = z.strictObject({
  name: Name,
  from: z.union([z.literal('final'), z.strictObject({ step: Count })], { error: 'must be "final" or {"step": n}' }),
  tasks: z.array(TaskName).min(2, 'a sequence has at least two tasks').max(MAX_TASKS),
  length: z.union([Length, Epochs], { error: 'must be {"steps": n}, {"tokens": n} or {"epochs": n}' }),
  batch: Training.batch,
  lr: LrSchedule,
  /**
   * The share of each batch replayed from the pre-training corpus: one ratio for every stage, or
   * one per stage. Per stage is how replay protects an earlier stage's task: [0, 0.25] learns A
   * without replay and B with 25%, so it starts B from the same A model as the same sequence
   * without replay, and the two BWTs differ only by what replay kept while learning B.
   */
  replay: z.union([ReplayRatio, z.array(ReplayRatio).min(2).max(MAX_TASKS)], { error: 'must be a ratio between 0 and 1, or a list of one ratio per stage' }).default(0),
  eval: EvalPlan.default(DEFAULT_EVAL),
}).superRefine((q, ctx) => {
  if (Array.isArray(q.replay) && q.replay.length !== q.tasks.length)
    ctx.addIssue({ code: 'custom', path: ['replay'], message: `lists ${q.replay.length} ratios for ${q.tasks.length} stages; give one per stage (or one number for all)` })
})
export type TaskSequence = z.infer<typeof TaskSequence>

/** The replay ratio of a sequence's stage (0-based). */
export const stageReplay = (q: Pick<TaskSequence, 'replay'>, stage: number): number => (Array.isArray(q.replay) ? q.replay[stage]! : q.replay)

/** The built-in synthetic world: its corpus is `'suite'` and its tasks are named. */
export const SuiteRef = z.strictObject({ seed: z.number().int().min(0).max(2 ** 31 - 1), scale: z.enum(['tiny', 'small', 'default']) })

export const ExperimentSchedule = z
  .strictObject({
    name: Text(NAME_MAX).trim().min(1, 'a name is required'),
    description: Text(TEXT_MAX).default(''),
    model: ModelConfig,
    tokenizer: TokenizerSpec.default({ kind: 'byte' }),
    suite: SuiteRef.nullable().default(null),
    seeds: z
      .array(z.number().int().min(0).max(2 ** 31 - 1))
      .min(1)
      .max(MAX_SEEDS)
      .superRefine(distinct)
      .default([0]),
    pretrain: PretrainPhase,
    continual: z.array(ContinualPhase).max(MAX_PHASES).default([]),
    branches: z.array(FinetuneBranch).max(MAX_BRANCHES).default([]),
    sequences: z.array(TaskSequence).max(MAX_BRANCHES).default([]),
    /** Evaluate every pre-training checkpoint (the "base" scores). */
    baseEval: EvalPlan.nullable().default(null),
    /** AdamW and gradient clipping of every training job. */
    optimizer: OptimizerSettings.default(DEFAULT_OPTIMIZER),
    /** Held-out loss along every training job. */
    validation: ValidationSettings.default(DEFAULT_VALIDATION),
    backend: BackendPreference.default('auto'),
  })
  .superRefine((s, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', message, path })

    // Names become job keys and tags: one name, one phase.
    const seen = new Map<string, string>()
    const named: [string, { name: string }[]][] = [['continual', s.continual], ['branches', s.branches], ['sequences', s.sequences]]
    for (const [field, list] of named)
      list.forEach((item, i) => {
        const first = seen.get(item.name)
        if (first) issue([field, i, 'name'], `the name "${item.name}" is already used by ${first}`)
        else seen.set(item.name, `${field}[${i}]`)
      })

    const usesSuite = s.pretrain.corpus === 'suite' || s.branches.some((b) => b.replayCorpus === 'suite') || s.continual.some((c) => c.corpus === 'suite')
    if (usesSuite && !s.suite) issue(['suite'], 'the corpus "suite" needs the built-in suite to be set')

    // Ids past the vocabulary would index outside the embedding: the byte tokenizer has 256 bytes + <eos>, a char one its characters + <unk> + <eos>.
    const needed = s.tokenizer.kind === 'byte' ? 257 : s.tokenizer.chars.length + 2
    if (s.model.vocab < needed)
      issue(
        ['model', 'vocab'],
        s.tokenizer.kind === 'byte'
          ? `must be at least 257 for the byte tokenizer (256 bytes and <eos>), not ${s.model.vocab}`
          : `must be at least ${needed} for the char tokenizer's ${s.tokenizer.chars.length} characters (+ <unk> and <eos>), not ${s.model.vocab}`,
      )

    // Branch points must be checkpoints the pre-training plan saves, whatever the plan's kind.
    let checkpoints: number[]
    try {
      const preSteps = stepsFor(s.pretrain.length, s.pretrain.batch, s.pretrain.accumulation, s.model.context, 0, 0)
      checkpoints = planCheckpoints(s.pretrain.checkpoints, preSteps, ['pretrain', 'checkpoints'])
      s.continual.forEach((c, i) => planCheckpoints(c.checkpoints, stepsFor(c.length, c.batch, c.accumulation, s.model.context, 0, 0), ['continual', i, 'checkpoints']))
    } catch (error) {
      if (!(error instanceof ScheduleError)) throw error
      issue(error.path, error.reason)
      return
    }
    const plan = checkpoints.join(', ')
    s.branches.forEach((b, i) => {
      if (typeof b.from === 'object' && 'steps' in b.from)
        b.from.steps.forEach((step, j) => {
          if (!checkpoints.includes(step)) issue(['branches', i, 'from', 'steps', j], `step ${step} is not a pre-training checkpoint (${plan})`)
        })
    })
    s.sequences.forEach((q, i) => {
      if (typeof q.from === 'object' && !checkpoints.includes(q.from.step))
        issue(['sequences', i, 'from', 'step'], `step ${q.from.step} is not a pre-training checkpoint (${plan})`)
    })
  })
export type ExperimentSchedule = z.infer<typeof ExperimentSchedule>
export type ExperimentScheduleInput = z.input<typeof ExperimentSchedule>
