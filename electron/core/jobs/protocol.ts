/**
 * Messages between the main process and a training worker process. Both sides validate what
 * they receive: a worker is a second process, and its messages are outside input.
 */
import { z } from 'zod'
import { CheckpointKind, ErrorData, MAX_EVALUATION_ITEMS, RunRuntime, MetricPoint, PromptFormat, Sha256, TRUNCATED_WITHIN_N, WorkerJobSpec, truncatedWithinN } from '../../../shared'

export const ToWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), spec: WorkerJobSpec, resumeFrom: z.string().nullable() }),
  /** Save a checkpoint at the end of the current step, then stop. */
  z.object({ type: z.literal('pause') }),
  /** Stop at the end of the current step without saving. */
  z.object({ type: z.literal('cancel') }),
])
export type ToWorker = z.infer<typeof ToWorker>

export const FromWorker = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    backend: z.string(),
    simd: z.boolean().nullable(),
    threads: z.number().int(),
    unavailable: z.array(z.object({ name: z.string(), reason: z.string() })),
    parameters: z.number().int(),
    runtime: RunRuntime,
  }),
  z.object({
    type: z.literal('progress'),
    step: z.number().int(),
    totalSteps: z.number().int(),
    loss: z.number(),
    tokensSeen: z.number().int(),
    tokensPerSecond: z.number(),
    etaSeconds: z.number().nullable(),
  }),
  z.object({ type: z.literal('metrics'), points: z.array(MetricPoint).min(1) }),
  z.object({
    type: z.literal('checkpoint'),
    step: z.number().int(),
    tokens: z.number().int(),
    path: z.string(),
    bytes: z.number().int(),
    sha256: Sha256,
    /** 'pause': saved only because the run was paused (kept to resume from, not a result). */
    kind: CheckpointKind,
  }),
  z.object({
    type: z.literal('evaluation'),
    checkpointPath: z.string(),
    task: z.string(),
    split: z.string(),
    promptFormat: PromptFormat,
    shots: z.number().int(),
    metric: z.string(),
    value: z.number(),
    ciLow: z.number().nullable(),
    ciHigh: z.number().nullable(),
    n: z.number().int(),
    items: z.array(z.number()).max(MAX_EVALUATION_ITEMS).nullable(),
    /** Prompts cut to the context (null: none scored); a line logged by a worker from before counts were kept has none. */
    truncated: z.number().int().nonnegative().nullable().default(null),
  }).refine(truncatedWithinN, TRUNCATED_WITHIN_N),
  z.object({ type: z.literal('sample'), text: z.string(), tokens: z.number().int(), stop: z.string() }),
  z.object({ type: z.literal('done'), outcome: z.enum(['completed', 'paused', 'cancelled']) }),
  z.object({ type: z.literal('error'), error: ErrorData }),
])
export type FromWorker = z.infer<typeof FromWorker>
