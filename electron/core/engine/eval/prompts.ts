/**
 * The shared first step of every task evaluation: check the request, render each test
 * example's k-shot prompt and encode it. Bad requests are AppErrors a user can act on.
 */
import { PROMPT_FORMATS, type PromptFormat } from '../../../../shared'
import { bootstrapInterval, kShotPrompts, type EvalTask, type Example, type Interval } from '../../../../shared/eval'
import { AppError } from '../../errors'
import type { Tokenizer } from '../tokenizer'

export interface PromptSetOptions {
  task: EvalTask
  format: PromptFormat
  /** Demonstrations per prompt (the paper: 4). */
  shots: number
  /** Where demonstrations (and the majority baseline) come from. */
  train: readonly Example[]
  test: readonly Example[]
  /** Drives shot selection and bootstrap resampling. */
  seed: number
  /** Bootstrap resamples (default 3000) and interval level (default 0.95). */
  resamples?: number
  level?: number
}

export function badRequest(message: string): AppError {
  return new AppError('BAD_REQUEST', message)
}

/**
 * Encoded k-shot prompts, one per test example. An empty prompt becomes [eos] — the usual
 * GPT-2 convention of eos as beginning-of-text — so there is always a position to predict from.
 */
export function encodePrompts(tokenizer: Tokenizer, o: PromptSetOptions): number[][] {
  if (o.test.length === 0) throw badRequest(`${o.task.name}: the test split is empty`)
  if (!PROMPT_FORMATS.includes(o.format)) throw badRequest(`unknown prompt format "${o.format}"; use one of ${PROMPT_FORMATS.join(', ')}`)
  if (!Number.isInteger(o.shots) || o.shots < 0) throw badRequest(`shots must be a non-negative integer, got ${o.shots}`)
  if (!Number.isInteger(o.seed)) throw badRequest(`seed must be an integer, got ${o.seed}`)
  let texts: string[]
  try {
    texts = kShotPrompts(o.task.template, o.format, o.shots, o.train, o.test, o.seed)
  } catch (error) {
    throw error instanceof RangeError ? badRequest(`${o.task.name}: ${error.message}`) : error
  }
  return texts.map((t) => {
    const ids = tokenizer.encode(t)
    return ids.length > 0 ? ids : [tokenizer.eos]
  })
}

/** A bootstrap interval with the request's seed and settings, as an AppError when they are invalid. */
export function intervalOf(values: number[], o: PromptSetOptions, what: string): Interval {
  try {
    return bootstrapInterval(values, { seed: o.seed, resamples: o.resamples, level: o.level })
  } catch (error) {
    throw error instanceof RangeError ? badRequest(`${o.task.name} ${what}: ${error.message}`) : error
  }
}
