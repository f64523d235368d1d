import { z } from 'zod'
import { Id, JsonObject, Timestamp } from './common'

export const Experiment = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  schedule: JsonObject.nullable(),
  createdAt: Timestamp,
})
export type Experiment = z.infer<typeof Experiment>

export const ExperimentCreate = z.object({
  name: z.string().trim().min(1, 'a name is required').max(200),
  description: z.string().max(10_000).default(''),
  schedule: JsonObject.nullable().default(null),
})
export type ExperimentCreate = z.input<typeof ExperimentCreate>

export const ExperimentSummary = Experiment.extend({ runCount: z.number().int().nonnegative() })
export type ExperimentSummary = z.infer<typeof ExperimentSummary>
