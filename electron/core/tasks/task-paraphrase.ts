/**
 * `paraphrase`: do two sentences state the same fact? Negatives overlap heavily with the
 * first sentence (the same person with another value, or another person with the same value),
 * in the spirit of PAWS, so word overlap alone does not answer it. Not in the corpus.
 *
 * Out of domain: pairs written only with the held-out statement templates (3–4), where
 * training and the in-domain test use templates 0–2 (a template shift; same people).
 */
import type { Rng } from '../../../shared/random'
import type { Example } from '../../../shared/eval/prompt'
import { PERSON_ATTRIBUTES, type TaskDefinition, type TaskTemplate, type World } from '../../../shared/schemas/task'
import type { ScaleConfig } from './scales'
import { choose, chooseOther, drawSplits } from './sampling'
import { HELD_OUT_STATEMENTS, IN_DOMAIN_STATEMENTS, otherValue, personFact, state } from './statements'

export const PARAPHRASE_LABELS = ['yes', 'no'] as const
export const PARAPHRASE_TEMPLATE: TaskTemplate = { instruction: 'Do the two sentences say the same thing? Answer yes or no.', cue: 'Same meaning:' }

export function paraphraseTask(world: World, scale: ScaleConfig, seed: number): TaskDefinition {
  return {
    id: 'paraphrase',
    name: 'Paraphrase',
    description: 'Two sentences about people: do they state the same fact (yes/no)?',
    kind: 'classification',
    learnedInPretraining: false,
    labels: [...PARAPHRASE_LABELS],
    metric: 'accuracy',
    template: PARAPHRASE_TEMPLATE,
    ood: { shift: 'statement-templates', description: 'Pairs written only with statement templates that no training or in-domain test pair uses.' },
    splits: drawSplits({
      task: 'paraphrase',
      seed,
      examples: scale.examples,
      inDomain: IN_DOMAIN_STATEMENTS,
      ood: HELD_OUT_STATEMENTS,
      labels: PARAPHRASE_LABELS,
      make: (r, templates, label) => paraphraseExample(r, world, templates, label!),
    }),
  }
}

function paraphraseExample(rng: Rng, world: World, templates: readonly number[], label: string): Example | null {
  const fact = personFact(world, choose(rng, world.people).name, choose(rng, PERSON_ATTRIBUTES))
  const first = choose(rng, templates)
  let second: string | null
  if (label === 'yes') {
    const t = chooseOther(rng, templates, first)
    second = t === null ? null : state(fact, t)
  } else if (rng.int(2) === 0) {
    const value = otherValue(rng, world, fact)
    second = value === null ? null : state({ ...fact, value }, choose(rng, templates))
  } else {
    const other = chooseOther(
      rng,
      world.people.map((p) => p.name),
      fact.subject,
    )
    second = other === null ? null : state({ ...fact, subject: other }, choose(rng, templates))
  }
  if (second === null) return null
  // Which sentence comes first is random too, so position tells nothing.
  const [a, b] = rng.int(2) === 0 ? [state(fact, first), second] : [second, state(fact, first)]
  return { input: `Sentence 1: ${a}\nSentence 2: ${b}`, label }
}
