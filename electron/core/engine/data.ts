/**
 * Training batches. Pre-training rows are windows of a packed token stream at random offsets;
 * fine-tuning rows are prompt + completion with the loss on the completion only; a replay
 * fraction p mixes pre-training rows into fine-tuning batches. Every batch is a pure function
 * of (seed, batch index), so a resumed run sees exactly the batches it would have seen.
 */
import { Rng, deriveSeed, replayedBefore, replayRows } from '../../../shared'
import type { Batch } from './model'

/** One tokenised fine-tuning example. */
export interface TokenizedExample {
  prompt: number[]
  completion: number[]
}

interface Row {
  tokens: ArrayLike<number>
  targets: ArrayLike<number>
  weights: ArrayLike<number>
}

export class CorpusSampler {
  constructor(
    private readonly stream: Int32Array,
    private readonly seed: number,
  ) {}

  get length(): number {
    return this.stream.length
  }

  /** `count` windows of `time` inputs and their next-token targets. */
  rows(index: number, count: number, time: number): Row[] {
    if (this.stream.length < time + 1)
      throw new Error(`The corpus has ${this.stream.length} tokens; a context of ${time} needs at least ${time + 1}.`)
    const rng = new Rng(deriveSeed(this.seed, 'corpus', index))
    return Array.from({ length: count }, () => {
      const start = rng.int(this.stream.length - time)
      return {
        tokens: this.stream.subarray(start, start + time),
        targets: this.stream.subarray(start + 1, start + time + 1),
        weights: new Float32Array(time).fill(1),
      }
    })
  }
}

export class ExampleSampler {
  private readonly permutations = new Map<number, Int32Array>()

  constructor(
    private readonly examples: TokenizedExample[],
    private readonly seed: number,
    private readonly eos: number,
  ) {
    if (examples.length === 0) throw new Error('The task has no training examples.')
  }

  /** Positions the longest example fills (its prompt and completion; the end-of-text is a target only). */
  get longest(): number {
    return this.examples.reduce((m, e) => Math.max(m, e.prompt.length + e.completion.length), 1)
  }

  /** The example at a global position: epoch by epoch, each epoch a fresh seeded shuffle. */
  exampleAt(position: number): TokenizedExample {
    const n = this.examples.length
    const epoch = Math.floor(position / n)
    let perm = this.permutations.get(epoch)
    if (!perm) {
      perm = Int32Array.from(new Rng(deriveSeed(this.seed, 'epoch', epoch)).shuffle(Array.from({ length: n }, (_, i) => i)))
      if (this.permutations.size > 4) this.permutations.clear()
      this.permutations.set(epoch, perm)
    }
    return this.examples[perm[position % n]!]!
  }

  /** A row for one example: prompt tokens carry no loss; the completion and its end-of-text do. */
  row(example: TokenizedExample, time: number): Row {
    let prompt = example.prompt
    let completion = [...example.completion, this.eos]
    // Too long: keep the completion and as much of the prompt's end as fits.
    if (completion.length > time) completion = completion.slice(0, time)
    if (prompt.length + completion.length > time + 1) prompt = prompt.slice(prompt.length + completion.length - (time + 1))
    const seq = [...prompt, ...completion]
    const tokens = new Int32Array(time).fill(this.eos)
    const targets = new Int32Array(time).fill(this.eos)
    const weights = new Float32Array(time)
    for (let t = 0; t < seq.length - 1 && t < time; t++) {
      tokens[t] = seq[t]!
      targets[t] = seq[t + 1]!
      weights[t] = t + 1 >= prompt.length ? 1 : 0
    }
    return { tokens, targets, weights }
  }
}

export interface BatcherOptions {
  rows: number
  time: number
  /** Fine-tuning data; without it every row is pre-training data. */
  task?: ExampleSampler
  corpus?: CorpusSampler
  /** Fraction of rows drawn from the corpus during fine-tuning. */
  replay?: number
}

export class Batcher {
  constructor(private readonly o: BatcherOptions) {
    if (!o.task && !o.corpus) throw new Error('A batch needs a corpus or a task.')
    if ((o.replay ?? 0) > 0 && !o.corpus) throw new Error('Replay needs a pre-training corpus to draw from.')
  }

  /** Whether batches hold task rows (fine-tuning) rather than only corpus windows. */
  get fineTuning(): boolean {
    return this.o.task !== undefined
  }

  /** Rows taken from the corpus in batch `index`. */
  replayCount(index: number): number {
    if (!this.o.task) return this.o.rows
    return replayRows(this.o.replay ?? 0, this.o.rows, index)
  }

  batch(index: number): Batch {
    const { rows, time, task, corpus } = this.o
    const fromCorpus = this.replayCount(index)
    const out: Row[] = fromCorpus > 0 ? corpus!.rows(index, fromCorpus, time) : []
    if (task) {
      // Task rows consumed before this batch: every row of earlier batches that was not replay.
      const first = index * rows - replayedBefore(this.o.replay ?? 0, rows, index)
      for (let r = 0; r < rows - fromCorpus; r++) out.push(task.row(task.exampleAt(first + r), time))
    }
    return { ...packRows(out, time), replayRows: task ? fromCorpus : 0 }
  }
}

export function packRows(rows: Row[], time: number): Batch {
  const n = rows.length
  const tokens = new Int32Array(n * time)
  const targets = new Int32Array(n * time)
  const weights = new Float32Array(n * time)
  rows.forEach((row, i) => {
    tokens.set(row.tokens, i * time)
    targets.set(row.targets, i * time)
    weights.set(row.weights, i * time)
  })
  return { batch: n, time, tokens, targets, weights }
}

/** Splits a batch by rows into at most `parts` shards of near-equal size (for data parallelism). */
export function shardBatch(b: Batch, parts: number): Batch[] {
  const k = Math.max(1, Math.min(parts, b.batch))
  const shards: Batch[] = []
  let start = 0
  for (let i = 0; i < k; i++) {
    const rows = Math.floor(b.batch / k) + (i < b.batch % k ? 1 : 0)
    const lo = start * b.time
    const hi = (start + rows) * b.time
    const replayRows = Math.max(0, Math.min(rows, (b.replayRows ?? 0) - start))
    shards.push({ batch: rows, time: b.time, tokens: b.tokens.slice(lo, hi), targets: b.targets.slice(lo, hi), weights: b.weights.slice(lo, hi), replayRows })
    start += rows
  }
  return shards
}
