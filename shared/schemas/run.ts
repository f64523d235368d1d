import { z } from 'zod'
import { Id, JsonInput, JsonObject, NAME_MAX, NOTES_MAX, Tag, Text, Timestamp } from './common'
import { RunKind, RunPlan } from './run-plan'

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

export { RUN_KINDS, RunKind } from './run-plan'

/** The worker's Node (Electron's, in the app) and TF.js versions. */
export const RunRuntime = z.object({ node: z.string().max(64), tfjs: z.string().max(64) })
export type RunRuntime = z.infer<typeof RunRuntime>

export const Run = z.object({
  id: Id,
  experimentId: Id.nullable(),
  name: z.string(),
  kind: RunKind,
  status: RunStatus,
  /** Free-form settings of a run made by hand; `{}` for an experiment's run, whose settings are its plan. */
  config: JsonObject,
  /** The job an experiment planned for this run; null for a run made by hand. */
  plan: RunPlan.nullable(),
  parentCheckpointId: Id.nullable(),
  backend: z.string().nullable(),
  /** How the backend was chosen: SIMD, gradient threads, and why each better backend was unavailable. */
  backendDetail: z
    .object({
      simd: z.boolean().nullable(),
      threads: z.number().int(),
      unavailable: z.array(z.object({ name: z.string(), reason: z.string() })),
      /** Absent for runs started before versions were recorded. */
      runtime: RunRuntime.optional(),
    })
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

const RunName = Text(NAME_MAX).trim().min(1, 'a name is required')
const Tags = z.array(Tag).max(50, 'at most 50 tags')

export const RunCreate = z.strictObject({
  experimentId: Id.nullable().default(null),
  name: RunName,
  kind: RunKind,
  /** Plain JSON, at most 64 levels deep and 1,000,000 characters (see `JsonInput`). */
  config: JsonInput.default({}),
  plan: RunPlan.nullable().default(null),
  parentCheckpointId: Id.nullable().default(null),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  tags: Tags.default([]),
  notes: Text(NOTES_MAX).default(''),
})
export type RunCreate = z.input<typeof RunCreate>

/** What a user may edit on a run from the UI. */
export const RunUpdate = z.strictObject({
  id: Id,
  name: RunName.optional(),
  tags: Tags.optional(),
  notes: Text(NOTES_MAX).optional(),
})
export type RunUpdate = z.infer<typeof RunUpdate>

/** A run with the summary figures the runs table shows. */
export const RunSummary = Run.extend({
  tokensSeen: z.number().nonnegative(),
  lastStep: z.number().int().nonnegative().nullable(),
  checkpointCount: z.number().int().nonnegative(),
})
export type RunSummary = z.infer<typeof RunSummary>

export const RunListFilter = z.strictObject({
  /** An experiment that does not exist is NOT_FOUND, not an empty list. */
  experimentId: Id.optional(),
  status: z.array(RunStatus).max(RUN_STATUSES.length, `at most ${RUN_STATUSES.length} statuses`).optional(),
  search: Text(NAME_MAX).optional(),
})
export type RunListFilter = z.infer<typeof RunListFilter>
