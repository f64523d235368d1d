/**
 * Drawing a split: examples with distinct inputs, none already used by another split, and
 * (for classification) labels in equal shares, so the majority-class baseline is 1/k and a
 * model that predicts one label cannot look good.
 */
import { Rng, deriveSeed } from '../../../shared/random'
import type { Example } from '../../../shared/eval/prompt'
import type { ScaleConfig } from './scales'

export interface DrawOptions {
  rng: Rng
  count: number
  /** Inputs already taken (by earlier splits); the drawn inputs are added to it. */
  taken: Set<string>
  /** Classification: examples are asked for label by label, round robin. */
  labels?: readonly string[]
  /** One candidate example for the label asked (undefined for generation), or null when this draw cannot make one. */
  make: (rng: Rng, label: string | undefined) => Example | null
  /** The keys an example takes in `taken` (default: its input), e.g. both orders of a sum. */
  keys?: (example: Example) => string[]
  what: string
}

/** `count` examples in a random order. Throws when the pool is too small (a scale mistake, not user input). */
export function drawExamples(o: DrawOptions): Example[] {
  const out: Example[] = []
  const budget = 200 * o.count + 1000
  for (let attempts = 0; out.length < o.count; attempts++) {
    if (attempts >= budget) throw new RangeError(`${o.what}: could only draw ${out.length} of ${o.count} distinct examples; the world is too small for this scale`)
    const label = o.labels ? o.labels[out.length % o.labels.length] : undefined
    const example = o.make(o.rng, label)
    if (example === null) continue
    const keys = o.keys ? o.keys(example) : [example.input]
    if (keys.some((k) => o.taken.has(k))) continue
    for (const k of keys) o.taken.add(k)
    out.push(example)
  }
  return o.rng.shuffle(out)
}

/** A task's three splits: train and test from the in-domain source, the out-of-domain set from the shifted one. */
export interface SplitsDraw<S> extends Pick<DrawOptions, 'labels' | 'keys'> {
  /** The task's id: its draw is seeded from it, and a too-small pool is reported with it. */
  task: string
  seed: number
  examples: ScaleConfig['examples']
  inDomain: S
  ood: S
  /** One candidate example from `source` for the label asked, or null when this draw cannot make one. */
  make: (rng: Rng, source: S, label: string | undefined) => Example | null
}

/** Train, test and ood, drawn in that order from one seeded stream, so no input is in two splits. */
export function drawSplits<S>(o: SplitsDraw<S>): Record<'train' | 'test' | 'ood', Example[]> {
  const rng = new Rng(deriveSeed(o.seed, 'task', o.task))
  const taken = new Set<string>()
  const draw = (source: S, count: number, split: string) =>
    drawExamples({ rng, count, taken, labels: o.labels, keys: o.keys, make: (r, label) => o.make(r, source, label), what: `${o.task} ${split}` })
  return { train: draw(o.inDomain, o.examples.train, 'train'), test: draw(o.inDomain, o.examples.test, 'test'), ood: draw(o.ood, o.examples.ood, 'ood') }
}

export function choose<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('choose from an empty list')
  return items[rng.int(items.length)]!
}

/** A value from `items` other than `not`, or null when there is none. */
export function chooseOther<T>(rng: Rng, items: readonly T[], not: T): T | null {
  const rest = items.filter((x) => x !== not)
  return rest.length === 0 ? null : choose(rng, rest)
}
