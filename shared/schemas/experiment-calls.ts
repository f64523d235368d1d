/** Payloads of the experiment calls: creating from a schedule, the dry run, templates, heatmap rows. */
import { z } from 'zod'
import { Id, JsonObject } from './common'
import { Evaluation, MAX_EVALUATION_ITEMS } from './checkpoint'
import { Experiment } from './experiment'
import { Executor } from './cluster-profile'
import { Placement } from './cluster-calls'
import { RunKind } from './run'
import { ExperimentSchedule } from './schedule'

/** A schedule to create, and where its jobs run (this machine, or the cluster profile saved in Settings). */
export const CreateFromSchedule = z.strictObject({ schedule: ExperimentSchedule, executor: Executor.default('local') })

/** A dry run for an executor: this machine, or the cluster profile saved in Settings. */
export const DryRunRequest = CreateFromSchedule.extend({ executor: Executor.default('local') })

export const CreatedExperiment = z.object({ experiment: Experiment, runIds: z.array(Id), created: z.boolean() })

export const PlannedJobSummary = z.object({
  key: z.string(),
  name: z.string(),
  kind: z.enum(['pretrain', 'continual', 'finetune', 'evaluate']),
  steps: z.number().int(),
  tokens: z.number(),
  dependsOn: z.array(z.string()),
})

export const DryRunResult = z.object({
  jobs: z.number().int(),
  byKind: z.record(z.string(), z.number().int()),
  trainingTokens: z.number(),
  trainingSeconds: z.number(),
  evaluations: z.number().int(),
  tokensPerSecond: z.number(),
  throughputSource: z.string(),
  plan: z.array(PlannedJobSummary),
  placement: Placement,
})
export type DryRunResult = z.infer<typeof DryRunResult>

export const TemplateRequest = z.strictObject({ name: z.enum(['study']), scale: z.enum(['tiny', 'small', 'default']).default('default'), seed: z.number().int().min(0).max(2 ** 31 - 1).default(0) })

/** An evaluation with what a heatmap needs to place it: its run, the checkpoint's step, the branch. */
export const EvaluationRow = Evaluation.extend({
  runId: Id,
  runName: z.string(),
  runKind: RunKind,
  seed: z.number().int(),
  tags: z.array(z.string()),
  step: z.number().int(),
  tokens: z.number().int(),
  /** Fine-tuning runs: the task trained, the replay ratio and the pre-training step branched from. */
  trainedTask: z.string().nullable(),
  replay: z.number().nullable(),
  fromStep: z.number().int().nullable(),
  /** The model's context in tokens (the experiment's model config; every run of it has that model): what a truncated prompt was cut to. null: no schedule to read it from. */
  context: z.number().int().positive().nullable(),
})
export type EvaluationRow = z.infer<typeof EvaluationRow>

/** One evaluation's per-example scores, in its test set's order. */
export const EvaluationItems = z.object({ id: Id, items: z.array(z.number()).max(MAX_EVALUATION_ITEMS) })
export type EvaluationItems = z.infer<typeof EvaluationItems>

export const ScheduleJson = JsonObject
