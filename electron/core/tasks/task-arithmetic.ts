/**
 * `arithmetic`: the sum of two whole numbers, generated and scored by exact match. Nothing
 * like it is in the corpus. Train and test never share a pair of operands, in either order.
 *
 * Out of domain: larger numbers. Training and the in-domain test add numbers in 0–49 (sums up
 * to 98, at most two digits); the out-of-domain set adds numbers in 50–99 (sums of three
 * digits from 100 up), a length the model has never produced in this task.
 */
import type { TaskDefinition, TaskTemplate } from '../../../shared/schemas/task'
import type { ScaleConfig } from './scales'
import { drawSplits } from './sampling'

export const ARITHMETIC_TEMPLATE: TaskTemplate = { instruction: 'Add the two numbers.', cue: 'Answer:' }
export const IN_DOMAIN_RANGE = [0, 49] as const
export const OOD_RANGE = [50, 99] as const

const sumInput = (a: number, b: number) => `What is ${a} + ${b}?`

export function arithmeticTask(scale: ScaleConfig, seed: number): TaskDefinition {
  return {
    id: 'arithmetic',
    name: 'Addition',
    description: `The sum of two whole numbers from ${IN_DOMAIN_RANGE[0]} to ${IN_DOMAIN_RANGE[1]}.`,
    kind: 'generation',
    learnedInPretraining: false,
    metric: 'exact-match',
    template: ARITHMETIC_TEMPLATE,
    maxNewTokens: 8,
    ood: { shift: 'number-range', description: `Both numbers from ${OOD_RANGE[0]} to ${OOD_RANGE[1]}, so every sum has three digits.` },
    splits: drawSplits<readonly [number, number]>({
      task: 'arithmetic',
      seed,
      examples: scale.examples,
      inDomain: IN_DOMAIN_RANGE,
      ood: OOD_RANGE,
      make: (r, [lo, hi]) => {
        const a = lo + r.int(hi - lo + 1)
        const b = lo + r.int(hi - lo + 1)
        return { input: sumInput(a, b), target: String(a + b) }
      },
      // "a + b" and "b + a" are one fact: seeing either in training would leak the other.
      keys: (e) => {
        const [, a, b] = /^What is (\d+) \+ (\d+)\?$/.exec(e.input)!
        return [sumInput(Number(a), Number(b)), sumInput(Number(b), Number(a))]
      },
    }),
  }
}
