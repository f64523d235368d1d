import { z } from 'zod'
import { Id, JsonObject, Timestamp } from './common'
import { Sha256 } from './checkpoint'

export const DatasetKind = z.enum(['corpus', 'task'])

export const Dataset = z.object({
  id: Id,
  name: z.string(),
  kind: DatasetKind,
  source: z.string(),
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: Sha256,
  meta: JsonObject,
  /** Tasks: the researcher's mark "learned in pre-training"; null when unmarked (then inferred). */
  learned: z.boolean().nullable(),
  createdAt: Timestamp,
})
export type Dataset = z.infer<typeof Dataset>

export const DatasetCreate = Dataset.omit({ id: true, createdAt: true }).extend({
  name: z.string().trim().min(1).max(200),
  meta: JsonObject.default({}),
  learned: z.boolean().nullable().default(null),
})
export type DatasetCreate = z.input<typeof DatasetCreate>
