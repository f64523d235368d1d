/**
 * Prompt templates and k-shot prompts. A template renders an example in each of the paper's
 * three formats:
 *   - `default`: the format the model was fine-tuned on;
 *   - `instruct`: an instruction line before the input;
 *   - `input-only`: the input alone — no instruction and no answer cue.
 * The prompt is everything before the answer; `answer` writes a label or target the way it
 * follows the prompt (usually after a space), so a demonstration is prompt + answer and the
 * scored continuation of a query is exactly what a demonstration would have shown.
 */
import { Rng, deriveSeed } from '../random'
import type { PromptFormat } from '../schemas/checkpoint'

/** One example. Classification tasks set `label` (one of the task's labels), generation tasks `target`. */
export interface Example {
  input: string
  label?: string
  target?: string
}

export interface PromptTemplate {
  /** Per format, the text that precedes the answer. */
  prompt: Record<PromptFormat, (example: Example) => string>
  /** How an answer text follows the prompt in a format, e.g. `' ' + text`. */
  answer: (text: string, format: PromptFormat) => string
  /** Between demonstrations, and between the last demonstration and the query. */
  separator: string
}

export interface EvalTask {
  name: string
  template: PromptTemplate
  /** Classification: the label strings, in a fixed order (ties in scoring go to the earlier one). */
  labels?: readonly string[]
  /** Generation: the answer ends at the first newline (single-line targets). */
  stopAtNewline?: boolean
  /** Generation: at most this many new tokens. */
  maxNewTokens?: number
}

export interface SimpleTemplateSpec {
  /** The instruct format's first line, e.g. "Does the premise entail the hypothesis?". */
  instruction: string
  /** Ends the default and instruct prompts, e.g. "Answer:". */
  cue: string
  /** Default: a blank line. */
  separator?: string
  /**
   * A completion: the answer continues the input's own line ("Teko lives in" → " Paris"), as
   * a statement in a corpus does. There is no cue, so default and input-only are the same text.
   */
  inline?: boolean
}

/**
 * The usual shape: default = input, newline, cue; instruct = instruction line first;
 * input-only = the input and a newline. The answer follows the cue after a space, or starts
 * the line in input-only (there is no cue to separate it from).
 */
export function simpleTemplate(spec: SimpleTemplateSpec): PromptTemplate {
  if (spec.inline)
    return {
      prompt: { default: (e) => e.input, instruct: (e) => `${spec.instruction}\n${e.input}`, 'input-only': (e) => e.input },
      answer: (text) => ` ${text}`,
      separator: spec.separator ?? '\n\n',
    }
  return {
    prompt: {
      default: (e) => `${e.input}\n${spec.cue}`,
      instruct: (e) => `${spec.instruction}\n${e.input}\n${spec.cue}`,
      'input-only': (e) => `${e.input}\n`,
    },
    answer: (text, format) => (format === 'input-only' ? text : ` ${text}`),
    separator: spec.separator ?? '\n\n',
  }
}

/**
 * For tasks written as `{prompt, completion}` pairs: default = the prompt verbatim (the cue is
 * already in it) and the answer verbatim, exactly what fine-tuning saw; instruct = the
 * instruction line first; input-only = the prompt without its trailing cue, the answer
 * without its leading blank.
 */
export function verbatimTemplate(spec: SimpleTemplateSpec): PromptTemplate {
  const withoutCue = (input: string) => {
    const body = spec.cue !== '' && input.endsWith(spec.cue) ? input.slice(0, -spec.cue.length).trimEnd() : input.trimEnd()
    return `${body}\n`
  }
  return {
    prompt: {
      default: (e) => e.input,
      instruct: (e) => `${spec.instruction}\n${e.input}`,
      'input-only': (e) => withoutCue(e.input),
    },
    answer: (text, format) => (format === 'input-only' ? text.trimStart() : text),
    separator: spec.separator ?? '\n\n',
  }
}

/** The gold answer text of an example: its label, else its target. */
export function goldAnswer(example: Example): string {
  const text = example.label ?? example.target
  if (text === undefined) throw new RangeError(`example "${example.input.slice(0, 40)}" has neither a label nor a target`)
  return text
}

/** A demonstration: the prompt followed by the gold answer. */
export function renderDemonstration(template: PromptTemplate, format: PromptFormat, example: Example): string {
  return template.prompt[format](example) + template.answer(goldAnswer(example), format)
}

/** Demonstrations joined by the separator, then the query's prompt (without its answer). */
export function buildKShotPrompt(template: PromptTemplate, format: PromptFormat, shots: readonly Example[], query: Example): string {
  const parts = shots.map((s) => renderDemonstration(template, format, s))
  parts.push(template.prompt[format](query))
  return parts.join(template.separator)
}

/**
 * k demonstrations for a query, drawn without replacement from `train`, never an example with
 * the query's input (a test item duplicated in train would otherwise give its answer away).
 * The draw is seeded by (seed, query input), so a query gets the same shots whatever its
 * position in the test set, and different queries get different shots.
 */
export function selectShots(train: readonly Example[], k: number, seed: number, query: Example): Example[] {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`shots must be a non-negative integer, got ${k}`)
  if (k === 0) return []
  const rng = new Rng(deriveSeed(seed, 'shots', query.input))
  const chosen: number[] = []
  const taken = new Set<number>()
  // Rejection sampling: O(k) for the usual large train split and small k ...
  for (let attempts = 0; train.length > 0 && chosen.length < k && attempts < 20 * k + 100; attempts++) {
    const i = rng.int(train.length)
    if (taken.has(i) || train[i]!.input === query.input) continue
    taken.add(i)
    chosen.push(i)
  }
  if (chosen.length < k) {
    // ... and an exact scan when that keeps missing (tiny splits, many duplicates of the query).
    const eligible = train.flatMap((e, i) => (e.input !== query.input && !taken.has(i) ? [i] : []))
    if (eligible.length < k - chosen.length)
      throw new RangeError(`cannot draw ${k} demonstrations: the training split has only ${chosen.length + eligible.length} examples other than the query`)
    rng.shuffle(eligible)
    chosen.push(...eligible.slice(0, k - chosen.length))
  }
  return chosen.map((i) => train[i]!)
}

/** The k-shot prompt of every query, shots drawn from train with the seed. */
export function kShotPrompts(
  template: PromptTemplate,
  format: PromptFormat,
  k: number,
  train: readonly Example[],
  queries: readonly Example[],
  seed: number,
): string[] {
  return queries.map((q) => buildKShotPrompt(template, format, selectShots(train, k, seed, q), q))
}
