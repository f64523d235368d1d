/**
 * An imported task as the same `TaskDefinition` the built-in suite's tasks are, so evaluation
 * has one path: splits train / test / ood, a template (classification: input, newline, cue;
 * generation: the file's prompt verbatim), labels, and a decoding budget.
 */
import { TaskDefinition, type TaskKind, type TaskSplit, type TaskTemplate } from '../../../shared/schemas/task'
import type { TaskLineOut } from './task-rows'

/** Generation: the longest target in UTF-8 bytes (the byte tokenizer's tokens) plus a margin, within 8..256. */
export function maxNewTokensFor(lines: readonly TaskLineOut[]): number {
  const enc = new TextEncoder()
  const longest = Math.max(0, ...lines.map((l) => enc.encode(l.completion.split('\n')[0]!).length))
  return Math.min(256, Math.max(8, longest + 8))
}

/**
 * The answer cue of `{prompt, completion}` prompts: the last word of every prompt when it is
 * the same one and ends with a colon ("A:", "Answer:"); empty otherwise. Only the input-only
 * format uses it (it strips the cue).
 */
export function detectCue(prompts: readonly string[]): string {
  const last = (p: string) => /(\S+:)\s*$/.exec(p)?.[1]
  const first = prompts[0] === undefined ? undefined : last(prompts[0])
  return first !== undefined && prompts.every((p) => last(p) === first) ? first : ''
}

export function importedTaskDefinition(o: {
  name: string
  kind: TaskKind
  lines: readonly TaskLineOut[]
  splits: readonly TaskSplit[]
  template: TaskTemplate
  labels?: string[]
  description: string
}): TaskDefinition {
  const splits: TaskDefinition['splits'] = { train: [], test: [], ood: [] }
  o.lines.forEach((l, i) => {
    const example = o.kind === 'classification' ? { input: l.text!, label: l.label! } : { input: l.prompt, target: l.completion }
    splits[o.splits[i]!].push(example)
  })
  return TaskDefinition.parse({
    id: o.name,
    name: o.name,
    description: o.description,
    kind: o.kind,
    // The researcher's own mark lives on the dataset row (editable); this field is for the suite.
    learnedInPretraining: false,
    ...(o.labels ? { labels: o.labels } : {}),
    metric: o.kind === 'classification' ? 'accuracy' : 'rouge-l',
    template: o.template,
    ...(o.kind === 'generation' ? { maxNewTokens: maxNewTokensFor(o.lines) } : {}),
    ood: { shift: 'as-imported', description: 'The examples the import put in the ood split.' },
    splits,
  })
}
