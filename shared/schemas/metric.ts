import { z } from 'zod'
import { Id, Timestamp } from './common'

/** Metric keys look like `train/loss`, `val/ppl`, `lr`. */
export const MetricKey = z
  .string()
  .min(1, 'a metric key cannot be empty')
  .max(128, 'a metric key is at most 128 characters')
  .regex(/^[A-Za-z0-9_.\-/@]+$/, 'a metric key may hold letters, digits and _ . - / @ only')

export const MetricPoint = z.strictObject({
  key: MetricKey,
  step: z.number().int().nonnegative(),
  tokens: z.number().int().nonnegative(),
  wallTime: Timestamp,
  value: z.number().refine(Number.isFinite, 'value must be a finite number'),
})
export type MetricPoint = z.infer<typeof MetricPoint>

export const MetricAppend = z.strictObject({
  runId: Id,
  points: z.array(MetricPoint).min(1, 'at least one point').max(100_000),
})
export type MetricAppend = z.infer<typeof MetricAppend>

/** One series to read: a run's metric over an optional step range. */
export const SeriesRange = z
  .strictObject({
    runId: Id,
    key: MetricKey,
    fromStep: z.number().int().nonnegative().optional(),
    toStep: z.number().int().nonnegative().optional(),
  })
  .refine((q) => q.fromStep === undefined || q.toStep === undefined || q.fromStep <= q.toStep, {
    message: 'fromStep must not be after toStep',
    path: ['fromStep'],
  })
export type SeriesRange = z.input<typeof SeriesRange>

/** Several series in one round trip, each at most `maxBuckets` buckets (a chart's pixel width). */
export const SeriesManyQuery = z.strictObject({
  series: z.array(SeriesRange).min(1, 'at least one series').max(200),
  maxBuckets: z.number().int().min(1).max(20_000).default(1000),
})
export type SeriesManyQuery = z.input<typeof SeriesManyQuery>

const Column = z.array(z.number())
const IntColumn = z.array(z.number().int())

/**
 * The buckets of a downsampled series, column by column (bucket i is index i of every array),
 * in step order. `min` and `max` are the true extremes of every point whose step lies in
 * [fromStep, toStep]; `last` is the value at `lastStep`, the bucket's largest step. Charts draw
 * min–max bands so no spike or dip is hidden. Columns keep a chart's payload small and let it
 * hand the arrays to the plot as they are.
 */
export const SeriesBuckets = z.object({
  fromStep: IntColumn,
  toStep: IntColumn,
  count: IntColumn,
  min: Column,
  max: Column,
  last: Column,
  lastStep: IntColumn,
  lastTokens: IntColumn,
  lastWallTime: IntColumn,
}).refine((b) => Object.values(b).every((column) => column.length === b.count.length), 'every column holds one value per bucket')
export type SeriesBuckets = z.infer<typeof SeriesBuckets>

export const Series = z.object({
  runId: Id,
  key: MetricKey,
  pointCount: z.number().int().nonnegative(),
  buckets: SeriesBuckets,
})
export type Series = z.infer<typeof Series>
