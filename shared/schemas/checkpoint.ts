import { z } from 'zod'
import { Id, Timestamp } from './common'

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits')

/**
 * Why a checkpoint was saved: one the run's plan asked for, or one a pause saved so the run
 * can resume. Pause checkpoints are not results: they are kept for resuming, left out of
 * heatmaps and evaluation, and dropped once the run completes unless pinned.
 */
export const CheckpointKind = z.enum(['planned', 'pause'])
export type CheckpointKind = z.infer<typeof CheckpointKind>

export const Checkpoint = z.object({
  id: Id,
  runId: Id,
  step: z.number().int().nonnegative(),
  tokens: z.number().int().nonnegative(),
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: Sha256,
  kind: CheckpointKind,
  /** A pause checkpoint the user keeps after the run completes. */
  pinned: z.boolean(),
  createdAt: Timestamp,
})
export type Checkpoint = z.infer<typeof Checkpoint>

export const CheckpointCreate = Checkpoint.omit({ id: true, createdAt: true, kind: true, pinned: true }).extend({
  path: z.string().min(1, 'a path is required').max(4096),
  kind: CheckpointKind.optional(),
})
export type CheckpointCreate = z.infer<typeof CheckpointCreate>

export const PROMPT_FORMATS = ['default', 'instruct', 'input-only'] as const
export const PromptFormat = z.enum(PROMPT_FORMATS)
export type PromptFormat = z.infer<typeof PromptFormat>

/** The most examples one evaluation scores (the schedule's `maxExamples` limit). */
export const MAX_EVALUATION_ITEMS = 100_000

export const Evaluation = z.object({
  id: Id,
  checkpointId: Id,
  task: z.string(),
  split: z.string(),
  promptFormat: PromptFormat,
  shots: z.number().int().nonnegative(),
  metric: z.string(),
  value: z.number(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  n: z.number().int().nonnegative(),
  /**
   * Of the n prompts, how many were longer than the model's context and lost their beginning
   * before scoring. null: not counted (recorded before counts were kept, a majority baseline,
   * a held-out corpus loss — no prompts there).
   */
  truncated: z.number().int().nonnegative().nullable(),
  createdAt: Timestamp,
})
export type Evaluation = z.infer<typeof Evaluation>

/** A count of cut prompts is at most one per example: the store's CHECK (migration 13), here for records and the worker protocol. */
export const truncatedWithinN = (e: { truncated?: number | null; n: number }): boolean => e.truncated == null || e.truncated <= e.n
export const TRUNCATED_WITHIN_N = { message: 'truncated counts prompts, at most one per example (n)', path: ['truncated'] }

export const EvaluationCreate = Evaluation.omit({ id: true, createdAt: true }).extend({
  task: z.string().min(1).max(200),
  split: z.string().min(1).max(64).default('test'),
  metric: z.string().min(1).max(64),
  value: z.number().refine(Number.isFinite, 'value must be a finite number'),
  /** Per-example scores in the test set's order, one per example (n of them); null for a baseline. */
  items: z.array(z.number().refine(Number.isFinite, 'items must be finite numbers')).max(MAX_EVALUATION_ITEMS).nullable().optional(),
  truncated: Evaluation.shape.truncated.optional(),
})
  .refine((e) => !e.items || e.items.length === e.n, { message: 'items must hold one score per example (n)', path: ['items'] })
  .refine(truncatedWithinN, TRUNCATED_WITHIN_N)
export type EvaluationCreate = z.input<typeof EvaluationCreate>
