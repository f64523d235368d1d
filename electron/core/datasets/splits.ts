/**
 * Which split each example belongs to: named by a split column (with the names datasets use
 * for them mapped: validation, dev and val are the in-domain test set), given by separate
 * files, or drawn with a seed in fractions the user chose and sees in the import's stats.
 */
import { Rng, deriveSeed } from '../../../shared/random'
import type { TaskSplit } from '../../../shared/schemas/task'
import { AppError } from '../errors'

export const SPLIT_NAMES: Readonly<Record<string, TaskSplit>> = {
  train: 'train',
  training: 'train',
  trn: 'train',
  test: 'test',
  testing: 'test',
  tst: 'test',
  validation: 'test',
  valid: 'test',
  val: 'test',
  dev: 'test',
  eval: 'test',
  evaluation: 'test',
  ood: 'ood',
  'out-of-domain': 'ood',
  out_of_domain: 'ood',
  'test-ood': 'ood',
  test_ood: 'ood',
  'ood-test': 'ood',
  ood_test: 'ood',
}

export const DEFAULT_TEST_FRACTION = 0.2

export interface SeededSplit {
  testFraction: number
  oodFraction: number
  seed: number
}

export function splitOfValue(value: unknown, where: string, column: string): TaskSplit {
  const name = typeof value === 'string' ? value.trim().toLowerCase() : undefined
  const split = name === undefined ? undefined : SPLIT_NAMES[name]
  if (split) return split
  const shown = typeof value === 'string' ? `"${value}"` : value === undefined || value === null ? 'empty' : String(value)
  throw new AppError(
    'BAD_REQUEST',
    `${where}: the ${column} column says ${shown}, which is not a split; use train, test or ood (validation, dev and val count as test).`,
  )
}

/** Each of n examples' split, shuffled with the seed: round(n·fraction) test and ood examples, the rest train. */
export function seededSplits(n: number, o: SeededSplit, file: string): TaskSplit[] {
  for (const [what, f] of [['test', o.testFraction], ['ood', o.oodFraction]] as const)
    if (!(f >= 0 && f < 1)) throw new AppError('BAD_REQUEST', `The ${what} fraction must be at least 0 and below 1, got ${f}.`)
  const test = o.testFraction > 0 ? Math.max(1, Math.round(n * o.testFraction)) : 0
  const ood = o.oodFraction > 0 ? Math.max(1, Math.round(n * o.oodFraction)) : 0
  if (n - test - ood < 1)
    throw new AppError('BAD_REQUEST', `${file}: ${n} example${n === 1 ? '' : 's'} cannot be split into ${test} test and ${ood} out-of-domain examples with any left to train on; lower the fractions.`)
  const order = Array.from({ length: n }, (_, i) => i)
  new Rng(deriveSeed(o.seed, 'import-split')).shuffle(order)
  const out: TaskSplit[] = new Array<TaskSplit>(n).fill('train')
  order.slice(0, test).forEach((i) => (out[i] = 'test'))
  order.slice(test, test + ood).forEach((i) => (out[i] = 'ood'))
  return out
}
