/**
 * `country`: which country a city lies in ("Lyon is a city in" → France), scored by TokenProb
 * over the world's countries (their first letters differ). The corpus states every city's
 * country in these phrasings, so this is the suite's CLASSIFICATION task learned in
 * pre-training: the base model can do it, which is what it takes to see what fine-tuning on a
 * generation task does to a classification task (the paper: classification fine-tuning hurts
 * generation tasks more than the reverse).
 *
 * Splits by phrasing: train (demonstrations, the majority baseline) completes statement
 * template 0 of every city, the test set templates 1 and 2; out of domain, "<city> is in the
 * country of", a phrasing the corpus does not use.
 */
import { Rng, deriveSeed } from '../../../shared/random'
import type { TaskDefinition, TaskTemplate, World } from '../../../shared/schemas/task'
import { completionOf, cityFacts } from './statements'

export const COUNTRY_TEMPLATE: TaskTemplate = { instruction: 'Name the country the city lies in.', cue: 'Country:', inline: true }

export function countryTask(world: World, seed: number): TaskDefinition {
  const rng = new Rng(deriveSeed(seed, 'task', 'country'))
  const facts = cityFacts(world)
  const phrased = (templates: number[]) => rng.shuffle(facts.flatMap((f) => templates.map((t) => completionOf(f, t)))).map((e) => ({ input: e.input, label: e.target }))
  return {
    id: 'country',
    name: 'Country of a city',
    description: 'Complete a corpus statement about a city with its country ("Lyon is a city in" → France), classified among the countries.',
    kind: 'classification',
    learnedInPretraining: true,
    labels: [...world.countries],
    metric: 'accuracy',
    template: COUNTRY_TEMPLATE,
    ood: { shift: 'statement-templates', description: 'The cities asked in a phrasing the corpus does not use ("Lyon is in the country of").' },
    splits: {
      train: phrased([0]),
      test: phrased([1, 2]),
      ood: rng.shuffle(facts.map((f) => ({ input: `${f.subject} is in the country of`, label: f.value }))),
    },
  }
}
