/**
 * Block levels for downsampling. A block at level L covers the aligned step range
 * [b·16^L, (b+1)·16^L). Each block row keeps count, min, max and the last point, which merge
 * associatively, so any aligned range is summarised from a handful of rows.
 */
export const BLOCK_BASE = 16
export const BLOCK_LEVELS = [1, 2, 3, 4] as const
export const blockWidth = (level: number): number => BLOCK_BASE ** level

export interface Aggregate {
  count: number
  min: number
  max: number
  lastStep: number
  last: number
  lastTokens: number
  lastWallTime: number
}

export function mergeInto(target: Aggregate | undefined, source: Aggregate): Aggregate {
  if (!target) return { ...source }
  target.count += source.count
  if (source.min < target.min) target.min = source.min
  if (source.max > target.max) target.max = source.max
  if (source.lastStep > target.lastStep) {
    target.lastStep = source.lastStep
    target.last = source.last
    target.lastTokens = source.lastTokens
    target.lastWallTime = source.lastWallTime
  }
  return target
}
