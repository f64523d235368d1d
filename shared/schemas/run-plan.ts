/**
 * A run's plan: the job an experiment's schedule expands into (shared/schedule-expand.ts), or
 * the evaluation the checkpoint browser queues. The store keeps it in its own column and
 * parses it on read, so every reader (runner, evaluation rows, CLI, renderer) sees one typed
 * shape; a run made by hand has none and keeps only its free-form `config`.
 */
import { z } from 'zod'
import { LrSchedule } from '../schedules'
import { DEFAULT_OPTIMIZER, DEFAULT_VALIDATION, OptimizerSettings, ValidationSettings } from './optimizer'
import { CorpusRef, EvalPlan } from './schedule'

const Step = z.number().int().min(0)
/** A job key: unique within its experiment, stable across creates of the same schedule. */
export const PlanKey = z.string().min(1, 'a plan key is required').max(2000)

export const PlanInit = z.discriminatedUnion('from', [
  z.strictObject({ from: z.literal('scratch') }),
  /** The checkpoint at `step` of the job keyed `job` (for an evaluation: the job whose checkpoints it scores). */
  z.strictObject({ from: z.literal('job'), job: PlanKey, step: Step }),
])
export type PlanInit = z.infer<typeof PlanInit>

/** What a run does; a planned job's kind is its run's kind. */
export const RUN_KINDS = ['pretrain', 'finetune', 'continual', 'evaluate'] as const
export const RunKind = z.enum(RUN_KINDS)
export type RunKind = z.infer<typeof RunKind>

export const RunPlan = z.strictObject({
  key: PlanKey,
  name: z.string(),
  kind: RunKind,
  seed: z.number().int(),
  dependsOn: z.array(PlanKey),
  init: PlanInit,
  corpus: CorpusRef.nullable(),
  task: z.string().nullable(),
  replay: z.number().min(0).max(1),
  steps: Step,
  batch: Step,
  accumulation: z.number().int().min(1),
  lr: LrSchedule.nullable(),
  checkpointSteps: z.array(Step),
  /** For training jobs: evaluate the final checkpoint (and every `eval.every` steps). For evaluate jobs: the plan. */
  eval: EvalPlan.nullable(),
  /** Evaluate jobs: which checkpoints of `init.job` to evaluate. */
  evaluateSteps: z.array(Step),
  tokens: z.number().min(0),
  tags: z.array(z.string()),
  /** The schedule's optimizer and validation settings (plans written before they were settings read the defaults they ran with). */
  optimizer: OptimizerSettings.default(DEFAULT_OPTIMIZER),
  validation: ValidationSettings.default(DEFAULT_VALIDATION),
})
export type RunPlan = z.infer<typeof RunPlan>

/** The fields a job that reads no data, trains nothing and evaluates nothing has; each planner overrides what its job does. */
export const idlePlan = (seed: number): Omit<RunPlan, 'key' | 'name' | 'kind' | 'dependsOn' | 'init' | 'steps' | 'batch' | 'lr' | 'tokens'> => ({
  seed,
  corpus: null,
  task: null,
  replay: 0,
  accumulation: 1,
  checkpointSteps: [],
  eval: null,
  evaluateSteps: [],
  tags: [],
  optimizer: DEFAULT_OPTIMIZER,
  validation: DEFAULT_VALIDATION,
})
