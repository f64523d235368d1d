/**
 * `nli`: does a premise about a person entail the hypothesis, contradict it, or leave it
 * unknown? About a person's city or job. The judgement is from the premise alone (as in MNLI),
 * but some items lean on world knowledge from pre-training: "X lives in Paris" entails "X lives
 * in France". The format never
 * appears in the corpus: a task NOT learned in pre-training (the paper's MNLI).
 *
 * Out of domain: premises about held-out people, who are in the corpus but in no training or
 * in-domain test example (an entity shift; templates and relation kinds are the same).
 */
import type { Rng } from '../../../shared/random'
import type { Example } from '../../../shared/eval/prompt'
import type { Person, TaskDefinition, TaskTemplate, World } from '../../../shared/schemas/task'
import type { ScaleConfig } from './scales'
import { choose, chooseOther, drawSplits } from './sampling'
import { IN_DOMAIN_STATEMENTS, KNOWN_ATTRIBUTES, NEGATIONS, otherValue, personFact, state, type Fact } from './statements'
import { countryOf } from './world'

export const NLI_LABELS = ['entails', 'contradicts', 'unknown'] as const
export const NLI_TEMPLATE: TaskTemplate = {
  instruction: 'Does the premise entail the hypothesis, contradict it, or leave it unknown?',
  cue: 'Relation:',
}

export function nliTask(world: World, scale: ScaleConfig, seed: number): TaskDefinition {
  return {
    id: 'nli',
    name: 'Relation between statements',
    description: 'A premise and a hypothesis about a person: entails, contradicts or unknown.',
    kind: 'classification',
    learnedInPretraining: false,
    labels: [...NLI_LABELS],
    metric: 'accuracy',
    template: NLI_TEMPLATE,
    ood: { shift: 'entities', description: 'Premises about held-out people, who appear in the corpus but in no training or in-domain test example.' },
    splits: drawSplits({
      task: 'nli',
      seed,
      examples: scale.examples,
      inDomain: world.people.filter((p) => !p.heldOut),
      ood: world.people.filter((p) => p.heldOut),
      labels: NLI_LABELS,
      make: (r, pool, label) => nliExample(r, world, pool, label!),
    }),
  }
}

/** One example with the asked label about someone in `pool`, or null when this draw cannot make one. */
function nliExample(rng: Rng, world: World, pool: Person[], label: string): Example | null {
  const person = choose(rng, pool)
  const attribute = choose(rng, KNOWN_ATTRIBUTES)
  const fact = personFact(world, person.name, attribute)
  const t = choose(rng, IN_DOMAIN_STATEMENTS)
  const premise = state(fact, t)
  const hypothesis = label === 'entails' ? entailed(rng, world, fact, t) : label === 'contradicts' ? contradicted(rng, world, fact) : unrelated(rng, world, pool, fact)
  return hypothesis === null ? null : { input: `Premise: ${premise}\nHypothesis: ${hypothesis}`, label }
}

function entailed(rng: Rng, world: World, fact: Fact, premiseTemplate: number): string | null {
  const name = fact.subject
  switch (rng.int(3)) {
    case 0: // the same fact in other words
      return state(fact, chooseOther(rng, IN_DOMAIN_STATEMENTS, premiseTemplate)!)
    case 1: {
      // denying a different value
      const other = otherValue(rng, world, fact)
      return other === null || fact.attribute === 'country' ? null : NEGATIONS[fact.attribute](name, other)
    }
    default: // a consequence: the country of the city (world knowledge)
      return fact.attribute === 'home' ? `${name} lives in ${countryOf(world, fact.value)}.` : null
  }
}

function contradicted(rng: Rng, world: World, fact: Fact): string | null {
  const name = fact.subject
  switch (rng.int(3)) {
    case 0: {
      // another value in an in-domain phrasing
      const other = otherValue(rng, world, fact)
      return other === null ? null : state({ ...fact, value: other }, choose(rng, IN_DOMAIN_STATEMENTS))
    }
    case 1: // the fact denied
      return fact.attribute === 'country' ? null : NEGATIONS[fact.attribute](name, fact.value)
    default: // a false consequence
      if (fact.attribute === 'home') {
        const country = chooseOther(rng, world.countries, countryOf(world, fact.value))
        return country === null ? null : `${name} lives in ${country}.`
      }
      return null
  }
}

/** A statement the premise says nothing about: another attribute, or another person. */
function unrelated(rng: Rng, world: World, pool: Person[], fact: Fact): string | null {
  if (fact.attribute === 'country') return null
  const t = choose(rng, IN_DOMAIN_STATEMENTS)
  if (rng.int(2) === 0) {
    const attribute = KNOWN_ATTRIBUTES.find((a) => a !== fact.attribute)!
    // True or false in the world: either way the premise does not settle it.
    const value = rng.int(2) === 0 ? personFact(world, fact.subject, attribute).value : otherValue(rng, world, personFact(world, fact.subject, attribute))
    return value === null ? null : state({ subject: fact.subject, attribute, value }, t)
  }
  const other = chooseOther(
    rng,
    pool.map((p) => p.name),
    fact.subject,
  )
  return other === null ? null : state({ ...fact, subject: other }, t)
}
