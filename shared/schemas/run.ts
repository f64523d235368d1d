import { z } from 'zod'
import { Id, JsonObject, Tag, Timestamp } from './common'

export const RUN_STATUSES = [
  'queued',
  'running',
  'paused',
  'completed',
  'failed',
  'cancelled',
  'interrupted',
] as const
export const RunStatus = z.enum(RUN_STATUSES)
export type RunStatus = z.infer<typeof RunStatus>

export const RUN_KINDS = ['pretrain', 'finetune', 'continual', 'evaluate'] as const
export const RunKind = z.enum(RUN_KINDS)
export type RunKind = z.infer<typeof RunKind>

export const Run = z.object({
  id: Id,
  experimentId: Id.nullable(),
  name: z.string(),
  kind: RunKind,
  status: RunStatus,
  config: JsonObject,
  parentCheckpointId: Id.nullable(),
  backend: z.string().nullable(),
  /** How the backend was chosen: SIMD, gradient threads, and why each better backend was unavailable. */
  backendDetail: z
    .object({ simd: z.boolean().nullable(), threads: z.number().int(), unavailable: z.array(z.object({ name: z.string(), reason: z.string() })) })
    .nullable(),
  seed: z.number().int(),
  tags: z.array(z.string()),
  notes: z.string(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  updatedAt: Timestamp,
})
export type Run = z.infer<typeof Run>

export const RunCreate = z.object({
  experimentId: Id.nullable().default(null),
  name: z.string().trim().min(1, 'a name is required').max(200),
  kind: RunKind,
  config: JsonObject.default({}),
  parentCheckpointId: Id.nullable().default(null),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  tags: z.array(Tag).max(50).default([]),
  notes: z.string().max(100_000).default(''),
})
export type RunCreate = z.input<typeof RunCreate>

/** What a user may edit on a run from the UI. */
export const RunUpdate = z.object({
  id: Id,
  name: z.string().trim().min(1).max(200).optional(),
  tags: z.array(Tag).max(50).optional(),
  notes: z.string().max(100_000).optional(),
})
export type RunUpdate = z.infer<typeof RunUpdate>

/** A run with the summary figures the runs table shows. */
export const RunSummary = Run.extend({
  tokensSeen: z.number().nonnegative(),
  lastStep: z.number().int().nonnegative().nullable(),
  checkpointCount: z.number().int().nonnegative(),
})
export type RunSummary = z.infer<typeof RunSummary>

export const RunListFilter = z.object({
  experimentId: Id.optional(),
  status: z.array(RunStatus).optional(),
  search: z.string().max(200).optional(),
})
export type RunListFilter = z.infer<typeof RunListFilter>
