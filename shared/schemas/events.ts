import { z } from 'zod'
import { Id } from './common'
import { Run } from './run'
import { Checkpoint, Evaluation } from './checkpoint'
import { MetricKey } from './metric'
import { FolderOwner } from './system'

/** Everything the main process pushes to the renderer. Throttled at the source. */
export const AppEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run.changed'), run: Run }),
  z.object({
    type: z.literal('metrics.appended'),
    runId: Id,
    keys: z.array(MetricKey),
    count: z.number().int().positive(),
    lastStep: z.number().int().nonnegative(),
  }),
  z.object({
    type: z.literal('run.progress'),
    runId: Id,
    step: z.number().int().nonnegative(),
    totalSteps: z.number().int().nonnegative(),
    tokensPerSecond: z.number().nonnegative(),
    etaSeconds: z.number().nonnegative().nullable(),
    loss: z.number().nullable(),
  }),
  z.object({ type: z.literal('checkpoint.created'), checkpoint: Checkpoint }),
  z.object({ type: z.literal('evaluation.created'), evaluation: Evaluation }),
  /** Another process took the data folder over, or this one did. */
  z.object({ type: z.literal('owner.changed'), owner: FolderOwner }),
  /** The job queue could not go on (e.g. the disk is full); it waits to be woken again. */
  z.object({ type: z.literal('runner.error'), message: z.string() }),
])
export type AppEvent = z.infer<typeof AppEvent>
