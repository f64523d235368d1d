import { z } from 'zod'

/** Database row ids are positive integers. */
export const Id = z.number().int().positive()

/** Milliseconds since the Unix epoch. */
export const Timestamp = z.number().int().nonnegative()

/** Free-form JSON object, e.g. a run's config. */
export const JsonObject = z.record(z.string(), z.unknown())

export const Tag = z
  .string()
  .trim()
  .min(1, 'a tag cannot be empty')
  .max(64, 'a tag is at most 64 characters')
  .regex(/^[^,\n]+$/, 'a tag cannot contain commas or newlines')
