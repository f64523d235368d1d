/**
 * `facts`: complete a statement about a person ("Teko lives in" → "Paris", "Teko works as a"
 * → "baker"), in a phrasing the corpus uses for every person. The format IS the corpus's, so
 * this is the suite's task "learned in pre-training": the base model does it as soon as it
 * knows the person, and fine-tuning on it has little left to add.
 *
 * Generation with exact match: each sentence of the corpus ends its line, so greedy decoding
 * stops at the newline after the value ("Paris." normalises to "paris").
 *
 * Splits are by person, the same as `qa`'s: test facts are those of the test people, whose
 * facts only the corpus states. The out-of-domain set completes the same facts from another
 * phrasing of the corpus (statement template 2: "Teko has a house in").
 */
import { Rng, deriveSeed } from '../../../shared/random'
import type { Example } from '../../../shared/eval/prompt'
import type { Person, TaskDefinition, TaskTemplate, World } from '../../../shared/schemas/task'
import type { ScaleConfig } from './scales'
import { COMPLETION_STATEMENTS, KNOWN_ATTRIBUTES, completionOf, personFact } from './statements'

export const FACTS_TEMPLATE: TaskTemplate = { instruction: 'Complete the sentence about the person.', cue: 'Answer:', inline: true }

/**
 * The people whose facts the `facts` and `qa` test sets ask (the rest train `qa`): a seeded
 * share of everyone, so both tasks test the same people.
 */
export function splitPeople(world: World, scale: ScaleConfig, seed: number): { train: Person[]; test: Person[] } {
  const people = new Rng(deriveSeed(seed, 'people-split')).shuffle([...world.people])
  const nTest = Math.max(1, Math.round(people.length * scale.testPeopleFraction))
  return { test: people.slice(0, nTest), train: people.slice(nTest) }
}

export function factsTask(world: World, scale: ScaleConfig, seed: number): TaskDefinition {
  const rng = new Rng(deriveSeed(seed, 'task', 'facts'))
  const { train, test } = splitPeople(world, scale, seed)
  const examples = (people: Person[], template: number): Example[] =>
    rng.shuffle(people.flatMap((p) => KNOWN_ATTRIBUTES.map((a) => completionOf(personFact(world, p.name, a), template))))
  return {
    id: 'facts',
    name: 'Facts about people',
    description: "Complete a corpus statement about a person's city or job (\"Teko lives in\" → \"Paris\").",
    kind: 'generation',
    learnedInPretraining: true,
    metric: 'exact-match',
    template: FACTS_TEMPLATE,
    maxNewTokens: 16,
    ood: { shift: 'statement-templates', description: 'The test facts completed from another of the corpus phrasings ("Teko has a house in").' },
    splits: {
      train: examples(train, COMPLETION_STATEMENTS[0]!),
      test: examples(test, COMPLETION_STATEMENTS[0]!),
      ood: examples(test, COMPLETION_STATEMENTS[1]!),
    },
  }
}
