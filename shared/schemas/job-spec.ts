import { z } from 'zod'
import { Id, Text } from './common'
import { ModelConfig } from './model'
import { TokenizerSpec } from './tokenizer'
import { EVAL_SETTINGS } from './eval-plan'
import { AdamWSettings, DEFAULT_ADAMW, DEFAULT_CLIP } from './optimizer'
import { LrSchedule } from '../schedules'

export const BackendPreference = z.enum(['auto', 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'])
export type BackendPreference = z.infer<typeof BackendPreference>

export const TRAIN_PHASES = ['pretrain', 'finetune', 'continual'] as const
export const TrainPhase = z.enum(TRAIN_PHASES)
export type TrainPhase = z.infer<typeof TrainPhase>

const FilePath = z.string().min(1, 'a file path is required').max(4096)
const Step = z.number().int().min(1)

/** A corpus file and the name its held-out loss is reported under (`suite` or the dataset's name). */
export const HeldOutCorpusRef = z.object({ name: z.string().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only'), path: FilePath })

/**
 * What to evaluate a checkpoint on, in formats × shots: tasks of a materialised suite folder
 * and imported tasks (their `task.json` definitions), one harness for both.
 */
export const EvalJobPlan = z.object({
  suiteDir: FilePath.nullable().default(null),
  /** Suite task ids; empty means all tasks of the suite (none without a suite). */
  tasks: z.array(z.string()).default([]),
  /** Imported tasks: paths of their TaskDefinition files. */
  taskFiles: z.array(FilePath).default([]),
  ...EVAL_SETTINGS,
  /** Corpora whose held-out split is scored as `corpus:<name>` rows (the lineage's pre-training corpus first). */
  corpora: z.array(HeldOutCorpusRef).default([]),
})
export type EvalJobPlan = z.infer<typeof EvalJobPlan>

/**
 * Everything a worker process needs to run one training phase. Paths are absolute; data
 * files are UTF-8 text (corpus) and JSONL of {prompt, completion} (task).
 */
export const TrainJobSpec = z
  .object({
    kind: z.literal('train'),
    runId: Id,
    phase: TrainPhase,
    model: ModelConfig,
    tokenizer: TokenizerSpec,
    /** Where the weights start: fresh from the seed, or a checkpoint (a branch point). */
    init: z.discriminatedUnion('from', [z.object({ from: z.literal('scratch') }), z.object({ from: z.literal('checkpoint'), path: FilePath })]),
    data: z.object({
      corpus: FilePath.nullable().default(null),
      task: FilePath.nullable().default(null),
      /** Fraction of each fine-tuning batch drawn from the corpus. */
      replay: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').default(0),
      /** Share of every corpus held out for validation loss (and kept out of training and replay). */
      validationFraction: z.number().min(0).max(0.5).default(0.05),
      /**
       * Corpora whose held-out split is scored during training: the first is the lineage's
       * pre-training corpus (`val/loss`, `val/ppl`), the others `val/<name>/loss`. Empty: the
       * run's own corpus, if it has one.
       */
      heldOut: z.array(HeldOutCorpusRef).default([]),
    }),
    steps: Step,
    batch: z.number().int().min(1).max(4096),
    accumulation: z.number().int().min(1).max(1024).default(1),
    lr: LrSchedule,
    adamw: AdamWSettings.default(DEFAULT_ADAMW),
    clip: z.number().min(0).default(DEFAULT_CLIP),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    checkpoints: z.object({ every: Step.nullable().default(null), at: z.array(Step).default([]) }).default({ every: null, at: [] }),
    checkpointDir: FilePath,
    /** Validation loss every this many steps (0: only at the end). */
    evalEvery: z.number().int().min(0).default(0),
    backend: BackendPreference.default('auto'),
    threads: z.number().int().min(1).max(256).default(1),
    /** Evaluate the final checkpoint (and every `eval.every` steps) on tasks. */
    eval: EvalJobPlan.nullable().default(null),
  })
  .refine((s) => s.data.corpus !== null || s.data.task !== null, { message: 'a corpus or a task is required', path: ['data'] })
  .refine((s) => s.data.replay === 0 || s.data.corpus !== null, { message: 'replay needs a corpus', path: ['data', 'replay'] })
  .refine((s) => s.model.vocab >= (s.tokenizer.kind === 'byte' ? 257 : s.tokenizer.chars.length + 2), {
    message: 'the vocabulary is smaller than the tokenizer',
    path: ['model', 'vocab'],
  })
export type TrainJobSpec = z.infer<typeof TrainJobSpec>
export type TrainJobInput = z.input<typeof TrainJobSpec>

/** Evaluate existing checkpoints (e.g. every pre-training checkpoint: the base scores). */
export const EvalJobSpec = z.object({
  kind: z.literal('evaluate'),
  runId: Id,
  checkpoints: z.array(FilePath).min(1),
  eval: EvalJobPlan,
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  backend: BackendPreference.default('auto'),
})
export type EvalJobSpec = z.infer<typeof EvalJobSpec>

export const GenerateRequest = z.strictObject({
  prompt: Text(100_000),
  maxTokens: z.number().int().min(1).max(4096).default(100),
  temperature: z.number().min(0).max(10).default(0.8),
  topK: z.number().int().min(0).max(100_000).default(0),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  stopAtEos: z.boolean().default(true),
})
export type GenerateRequest = z.infer<typeof GenerateRequest>

/** Generate text from a checkpoint (the checkpoint browser's prompt box). */
export const SampleJobSpec = GenerateRequest.extend({
  kind: z.literal('sample'),
  checkpoint: FilePath,
  backend: BackendPreference.default('auto'),
})
export type SampleJobSpec = z.infer<typeof SampleJobSpec>

export const WorkerJobSpec = z.union([TrainJobSpec, EvalJobSpec, SampleJobSpec])
export type WorkerJobSpec = z.infer<typeof WorkerJobSpec>
