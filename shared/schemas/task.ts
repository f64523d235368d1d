/**
 * Task definitions: the data of a fine-tuning / evaluation task, plain JSON so a suite can be
 * written to disk, sent over the contract and shown in the renderer. The behaviour (prompt
 * rendering) is rebuilt from the data by `evalTaskOf`, which hands the evaluation code in
 * shared/eval exactly the `EvalTask` and `Example` shapes it expects.
 */
import { z } from 'zod'
import { simpleTemplate, verbatimTemplate, type EvalTask, type Example } from '../eval/prompt'

export const TASK_KINDS = ['classification', 'generation'] as const
export const TaskKind = z.enum(TASK_KINDS)
export type TaskKind = z.infer<typeof TaskKind>

/** `test` is the in-domain test set, `ood` the out-of-domain one. */
export const TASK_SPLITS = ['train', 'test', 'ood'] as const
export const TaskSplit = z.enum(TASK_SPLITS)
export type TaskSplit = z.infer<typeof TaskSplit>

export const TASK_METRICS = ['accuracy', 'exact-match', 'rouge-l'] as const
export const TaskMetric = z.enum(TASK_METRICS)
export type TaskMetric = z.infer<typeof TaskMetric>

/** What the out-of-domain set holds out from training and the in-domain test. */
export const OOD_SHIFTS = ['question-templates', 'statement-templates', 'entities', 'number-range', 'vocabulary', 'as-imported'] as const
export const OodShift = z.enum(OOD_SHIFTS)
export type OodShift = z.infer<typeof OodShift>

/** The same shape as shared/eval's `Example`. */
export const TaskExample = z.object({ input: z.string(), label: z.string().optional(), target: z.string().optional() })

/** The data behind shared/eval's `simpleTemplate`. */
export const TaskTemplate = z.object({
  /** First line of the instruct format. */
  instruction: z.string().min(1),
  /** Ends the default and instruct prompts, e.g. "Answer:" (verbatim templates: may be empty). */
  cue: z.string().max(200),
  separator: z.string().optional(),
  /**
   * Imported `{prompt, completion}` tasks: the input already ends with its cue and the answer
   * carries its own leading blank, so the default format is the file's text verbatim.
   */
  verbatim: z.boolean().optional(),
  /** The answer continues the input's line (a completion, e.g. of a corpus statement); see simpleTemplate. */
  inline: z.boolean().optional(),
})
export type TaskTemplate = z.infer<typeof TaskTemplate>

export const TaskDefinition = z
  .object({
    /** A suite task's id (lower-case letters, digits, dashes) or an imported dataset's name. */
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be letters, digits, ".", "_" and "-"'),
    name: z.string().min(1),
    description: z.string(),
    kind: TaskKind,
    /** True when the task's own format appears in the pre-training corpus (the paper's "learned" tasks). */
    learnedInPretraining: z.boolean(),
    /** Classification: the label strings, each starting with a different byte (TokenProb decides on it). */
    labels: z.array(z.string().min(1)).optional(),
    metric: TaskMetric,
    template: TaskTemplate,
    /** Generation: decoding budget in tokens (bytes for the byte tokenizer); answers are one line. */
    maxNewTokens: z.number().int().positive().optional(),
    ood: z.object({ shift: OodShift, description: z.string() }),
    splits: z.object({ train: z.array(TaskExample), test: z.array(TaskExample), ood: z.array(TaskExample) }),
  })
  .superRefine((t, ctx) => {
    const labels = t.labels ?? []
    if (!t.template.verbatim && t.template.cue === '') ctx.addIssue({ code: 'custom', message: 'must not be empty', path: ['template', 'cue'] })
    if (t.kind === 'classification' && labels.length < 2) ctx.addIssue({ code: 'custom', message: 'a classification task needs at least two labels', path: ['labels'] })
    for (const split of TASK_SPLITS)
      t.splits[split].forEach((e, i) => {
        const ok = t.kind === 'classification' ? e.label !== undefined && labels.includes(e.label) : e.target !== undefined
        if (!ok) ctx.addIssue({ code: 'custom', message: t.kind === 'classification' ? 'needs one of the labels' : 'needs a target', path: ['splits', split, i] })
      })
  })
export type TaskDefinition = z.infer<typeof TaskDefinition>

/** The evaluation code's view of a task: a prompt template, labels or decoding settings. */
export function evalTaskOf(task: TaskDefinition): EvalTask {
  const template = task.template.verbatim ? verbatimTemplate(task.template) : simpleTemplate(task.template)
  return task.kind === 'classification'
    ? { name: task.id, template, labels: task.labels }
    : { name: task.id, template, stopAtNewline: true, maxNewTokens: task.maxNewTokens }
}

/** One line of a training file: what the worker's `readTaskFile` reads. Loss is on the completion. */
export interface TrainLine {
  prompt: string
  completion: string
}

/** An example as the model is fine-tuned on it: the default format's prompt and answer. */
export function trainLineOf(task: EvalTask, example: Example): TrainLine {
  const answer = example.label ?? example.target
  if (answer === undefined) throw new RangeError(`${task.name}: example "${example.input.slice(0, 40)}" has neither a label nor a target`)
  return { prompt: task.template.prompt.default(example), completion: task.template.answer(answer, 'default') }
}

// --- The synthetic world the built-in suite is generated from -------------------------------

export const SUITE_SCALES = ['tiny', 'small', 'default'] as const
export const SuiteScale = z.enum(SUITE_SCALES)
export type SuiteScale = z.infer<typeof SuiteScale>

export const PERSON_ATTRIBUTES = ['home', 'profession', 'colour', 'age'] as const
export type PersonAttribute = (typeof PERSON_ATTRIBUTES)[number]

export const Person = z.object({
  name: z.string(),
  /** A city name (see `cities`). */
  home: z.string(),
  profession: z.string(),
  colour: z.string(),
  age: z.number().int(),
  /** Held out of the entity-shift tasks' training and in-domain tests (still in the corpus). */
  heldOut: z.boolean(),
})
export type Person = z.infer<typeof Person>

export const City = z.object({ name: z.string(), country: z.string() })
export type City = z.infer<typeof City>

export const World = z.object({
  people: z.array(Person),
  cities: z.array(City),
  countries: z.array(z.string()),
  professions: z.array(z.string()),
  colours: z.array(z.string()),
  /** Words for the list tasks: `heldOut` ones appear only in out-of-domain examples. */
  words: z.object({ inDomain: z.array(z.string()), heldOut: z.array(z.string()) }),
})
export type World = z.infer<typeof World>

/** Bumped whenever generation changes, so a stored suite can tell it is stale. */
export const SUITE_VERSION = 2

export interface Suite {
  version: number
  seed: number
  scale: SuiteScale
  world: World
  corpus: string
  tasks: TaskDefinition[]
}
