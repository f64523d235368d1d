import { z } from 'zod'
import { Id, Timestamp } from './common'

/** Metric keys look like `train/loss`, `val/ppl`, `lr`. */
export const MetricKey = z
  .string()
  .min(1, 'a metric key cannot be empty')
  .max(128, 'a metric key is at most 128 characters')
  .regex(/^[A-Za-z0-9_.\-/@]+$/, 'a metric key may hold letters, digits and _ . - / @ only')

export const MetricPoint = z.object({
  key: MetricKey,
  step: z.number().int().nonnegative(),
  tokens: z.number().int().nonnegative(),
  wallTime: Timestamp,
  value: z.number().refine(Number.isFinite, 'value must be a finite number'),
})
export type MetricPoint = z.infer<typeof MetricPoint>

export const MetricAppend = z.object({
  runId: Id,
  points: z.array(MetricPoint).min(1, 'at least one point').max(100_000),
})
export type MetricAppend = z.infer<typeof MetricAppend>

export const SeriesQuery = z
  .object({
    runId: Id,
    key: MetricKey,
    fromStep: z.number().int().nonnegative().optional(),
    toStep: z.number().int().nonnegative().optional(),
    maxBuckets: z.number().int().min(1).max(20_000).default(1000),
  })
  .refine((q) => q.fromStep === undefined || q.toStep === undefined || q.fromStep <= q.toStep, {
    message: 'fromStep must not be after toStep',
    path: ['fromStep'],
  })
export type SeriesQuery = z.input<typeof SeriesQuery>

/**
 * One bucket of a downsampled series. `min` and `max` are the true extremes of every point
 * whose step lies in [fromStep, toStep]; `last` is the value at `lastStep`, the bucket's
 * largest step. Charts draw min–max bands so no spike or dip is hidden.
 */
export const SeriesBucket = z.object({
  fromStep: z.number().int(),
  toStep: z.number().int(),
  count: z.number().int().positive(),
  min: z.number(),
  max: z.number(),
  last: z.number(),
  lastStep: z.number().int(),
  lastTokens: z.number().int(),
  lastWallTime: Timestamp,
})
export type SeriesBucket = z.infer<typeof SeriesBucket>

export const Series = z.object({
  runId: Id,
  key: MetricKey,
  pointCount: z.number().int().nonnegative(),
  buckets: z.array(SeriesBucket),
})
export type Series = z.infer<typeof Series>
