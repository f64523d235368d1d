/**
 * What every finding returns: its id and title, one sentence computed from the numbers with
 * their 95% intervals, a verdict with its reason, the numbers as a table and the series its
 * figure draws. `TaskInfo` says what a task is (agreed name across helpers, see DESIGN.md).
 */
import { z } from 'zod'

export const TaskInfo = z.object({
  task: z.string(),
  kind: z.enum(['classification', 'generation', 'corpus']),
  /** Learned in pre-training (the paper's "learned" group); null: infer from the base evaluation. */
  learned: z.boolean().nullable(),
  higherIsBetter: z.boolean(),
})
export type TaskInfo = z.infer<typeof TaskInfo>

/** A score with its 95% interval. Across seeds: the mean, see `acrossSeeds`. */
export interface Estimate {
  value: number
  low: number
  high: number
  /** How many seeds the value averages (1: the row's own bootstrap interval). */
  seeds: number
  /** The per-seed values (the spread across seeds). */
  seedValues: number[]
  /**
   * One evaluation's per-example scores, in the test set's order, and which examples they are
   * (`key`: task, split and count). Two estimates with the same key scored the same examples,
   * so they compare paired (see `difference`). Absent across seeds and for rows stored without
   * them.
   */
  items?: Items
}

export interface Items {
  key: string
  values: readonly number[]
}

export type Verdict = 'holds' | 'does-not-hold' | 'cannot-judge'

/** One line of a finding's numbers table. */
export interface FindingNumber {
  label: string
  estimate: Estimate
}

export const FINDING_IDS = ['latent-gains', 'dichotomy', 'early-beats-final', 'forgetting', 'replay', 'format-sensitivity', 'scorer-sensitivity', 'sequence', 'seeds'] as const
export type FindingId = (typeof FINDING_IDS)[number]

export interface FindingBase<Id extends FindingId, S> {
  id: Id
  /** 1–9, as numbered in the issue. */
  number: number
  title: string
  /** One sentence computed from the numbers, with intervals. */
  statement: string
  verdict: Verdict
  /** Why it does not hold or cannot be judged (which data is missing); null when it holds. */
  reason: string | null
  numbers: FindingNumber[]
  series: S
  /**
   * What a reader must know about the evaluations behind the numbers without it changing the
   * verdict, e.g. "instruct: 100% of nli prompts (800 of 800) were cut to the 96-token
   * context". Absent when there is nothing to say.
   */
  notes?: string[]
}
