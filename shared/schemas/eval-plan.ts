/**
 * How a checkpoint is evaluated, in formats × shots, with the one set of defaults and limits
 * the schedule's `eval` plans, the checkpoint browser's "evaluate" call and the worker's job
 * spec all use: a missing heatmap cell queued from the browser is scored like the schedule's
 * own cells (200 examples a task and split, both splits), so their intervals compare.
 */
import { z } from 'zod'
import { PromptFormat } from './checkpoint'
import { distinct, NAME_MAX, Text } from './common'

/** Far above a suite (6 tasks) plus imported tasks, far below what exhausts a request. */
export const MAX_EVAL_TASKS = 200

/** A task: a suite task id or an imported task dataset's name. */
export const TaskName = Text(NAME_MAX).min(1, 'a task name is required')

/** Task names; empty means every task of the suite and the experiment. */
export const EvalTaskNames = z.array(TaskName).max(MAX_EVAL_TASKS).superRefine(distinct)

/** The settings every evaluation plan shares (a shape, so each plan stays a strict object of its own). */
export const EVAL_SETTINGS = {
  formats: z.array(PromptFormat).min(1).max(3).superRefine(distinct).default(['default']),
  shots: z.array(z.number().int().min(0).max(16)).min(1).max(17).superRefine(distinct).default([0]),
  /** Test examples per task and split (a cap keeps evaluation quick). */
  maxExamples: z.number().int().min(1).max(100_000).default(200),
  /** In-domain (`test`) and out-of-domain (`ood`) test sets. */
  splits: z.array(z.enum(['test', 'ood'])).min(1).max(2).superRefine(distinct).default(['test', 'ood']),
  /** Evaluate during fine-tuning every this many steps as well as at the end (0: end only). */
  every: z.number().int().min(0).max(1e9).default(0),
}
