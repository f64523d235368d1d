/**
 * The per-element rules of a step after the gradient pass (summing the shards' gradients,
 * normalising them, the global norm), written over a range [start, end) of the flat parameter
 * array so gradient threads can each take a contiguous range, and the one-thread engine the
 * whole array. Every rule but the norm works element by element, so a split changes nothing;
 * the norm is summed in fixed chunks, so it does not depend on the split either.
 */

/**
 * The norm's sum of squares is taken per chunk of this many elements, then over the chunks in
 * order: one chain of 3.2 million additions on config M cannot be split across threads, fixed
 * chunks can, and give the same norm for any thread count. Ranges start on a chunk: 4,096
 * floats are 16 KB, so two threads never write the same cache line either.
 */
export const NORM_CHUNK = 4096

export interface Range {
  start: number
  end: number
}

/** `parts` contiguous ranges covering [0, size) in order, each starting on a NORM_CHUNK, as even as chunks allow. */
export function splitRanges(size: number, parts: number): Range[] {
  const chunks = Math.ceil(size / NORM_CHUNK)
  return Array.from({ length: parts }, (_, t) => ({
    start: Math.min(size, Math.floor((t * chunks) / parts) * NORM_CHUNK),
    end: Math.min(size, Math.floor(((t + 1) * chunks) / parts) * NORM_CHUNK),
  }))
}

/** How many chunk sums the norm of `size` elements has. */
export const chunkCount = (size: number): number => Math.ceil(size / NORM_CHUNK)

/**
 * Adds the shards' gradients over [start, end) into the step's sum, in shard order. `first`
 * starts the sum (the step's first micro-batch); otherwise this micro-batch's shards are added
 * together first and then to the sum, the order of a micro-batch summed alone then accumulated.
 */
export function sumRange(sum: Float32Array, shards: readonly Float32Array[], first: boolean, range: Range): void {
  const { start, end } = range
  const [g0, ...rest] = shards
  if (!g0) throw new Error('sumRange needs at least one shard')
  if (first) {
    sum.set(g0.subarray(start, end), start)
    for (const g of rest) for (let j = start; j < end; j++) sum[j]! += g[j]!
    return
  }
  for (let j = start; j < end; j++) {
    let s = g0[j]!
    for (let t = 0; t < rest.length; t++) s = Math.fround(s + rest[t]![j]!)
    sum[j]! += s
  }
}

/**
 * Divides the gradients over [start, end) by the step's target-token count (`inv` = 1 / count)
 * and writes each chunk's sum of squares into `chunkSums` (of the unrounded quotients, as the
 * norm always was). `start` must be a chunk's start (splitRanges' are).
 */
export function normaliseRange(grads: Float32Array, inv: number, range: Range, chunkSums: Float64Array): void {
  if (range.start % NORM_CHUNK !== 0) throw new Error(`normaliseRange: ${range.start} is not the start of a chunk`)
  for (let c = range.start; c < range.end; c += NORM_CHUNK) {
    const stop = Math.min(c + NORM_CHUNK, range.end)
    let sq = 0
    for (let i = c; i < stop; i++) {
      const g = grads[i]! * inv
      grads[i] = g
      sq += g * g
    }
    chunkSums[c / NORM_CHUNK] = sq
  }
}

/** The global norm from the chunk sums, added in chunk order. */
export function normOf(chunkSums: Float64Array): number {
  let sq = 0
  for (let c = 0; c < chunkSums.length; c++) sq += chunkSums[c]!
  return Math.sqrt(sq)
}
