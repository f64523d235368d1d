/**
 * Block levels for downsampling. A block at level L covers the aligned step range
 * [b·4^L, (b+1)·4^L), from 16 steps (level 2) to 65,536 (level 8). Each block row keeps count,
 * min, max and the last point, which merge associatively, so any aligned range is summarised
 * from a handful of rows, and a bucket of any width is made of at most a few blocks of the
 * coarsest level that fits in it.
 */
export const BLOCK_BASE = 4
export const BLOCK_LEVELS = [2, 3, 4, 5, 6, 7, 8] as const
export const COARSEST_LEVEL = BLOCK_LEVELS[BLOCK_LEVELS.length - 1]
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
