/**
 * The pre-training corpus: short biographies, one sentence a line, each stating a person's
 * city and job in a phrasing of its own (every person in several bios, so each fact appears
 * in several phrasings and orders: the "augmented" bios of Allen-Zhu & Li, Physics of LMs
 * 3.1, without which a model memorises the sentences but cannot answer questions about
 * them); each city's country, and filler sentences that carry no facts. Paragraphs are
 * separated by a blank line and shuffled.
 *
 * No task's format appears: questions (`qa`), premises and hypotheses (`nli`) are never in
 * it. The one task whose format IS here is `facts`, the completion of a statement ("Teko lives
 * in" → "Paris"): the suite's task learned in pre-training.
 */
import { Rng, deriveSeed } from '../../../shared/random'
import type { World } from '../../../shared/schemas/task'
import type { ScaleConfig } from './scales'
import { choose } from './sampling'
import { COMPLETION_STATEMENTS, KNOWN_ATTRIBUTES, STATEMENTS, cityFacts, personFact, state } from './statements'
import { ADJECTIVES, PLACES, SEASONS, VERBS, WEATHER } from './vocabulary'

export function buildCorpus(world: World, scale: ScaleConfig, seed: number): string {
  const rng = new Rng(deriveSeed(seed, 'corpus'))
  const paragraphs: string[] = []
  for (const person of world.people) {
    // Bio b states each fact in the b-th of a per-person choice of phrasings: always the two the
    // facts task completes (COMPLETION_STATEMENTS), then the others in a random order, all
    // shuffled across the bios, so a person's bios differ and no bio position means a phrasing.
    const orders = KNOWN_ATTRIBUTES.map((a) => {
      const rest = rng.shuffle(STATEMENTS[a].map((_, t) => t).filter((t) => !COMPLETION_STATEMENTS.includes(t)))
      return rng.shuffle([...COMPLETION_STATEMENTS, ...rest].slice(0, Math.max(scale.corpus.biosPerPerson, COMPLETION_STATEMENTS.length)))
    })
    for (let b = 0; b < scale.corpus.biosPerPerson; b++) {
      const lines = KNOWN_ATTRIBUTES.map((a, k) => state(personFact(world, person.name, a), orders[k]![b % orders[k]!.length]!))
      paragraphs.push(rng.shuffle(lines).join('\n'))
    }
  }
  const other: string[] = []
  for (const fact of cityFacts(world))
    for (let t = 0; t < STATEMENTS.country.length; t++) for (let r = 0; r < scale.corpus.countryRepeats; r++) other.push(state(fact, t))
  for (let i = 0; i < scale.corpus.fillers; i++) other.push(filler(rng, world))
  rng.shuffle(other)
  for (let i = 0; i < other.length; ) {
    const n = 2 + rng.int(3)
    paragraphs.push(other.slice(i, i + n).join('\n'))
    i += n
  }
  return rng.shuffle(paragraphs).join('\n\n') + '\n'
}

/** A sentence about nothing in particular: everyday words, no person's attributes. */
function filler(rng: Rng, world: World): string {
  const word = choose(rng, world.words.inDomain.concat(world.words.heldOut))
  const city = choose(rng, world.cities).name
  switch (rng.int(4)) {
    case 0:
      return `The ${choose(rng, ADJECTIVES)} ${word} ${choose(rng, VERBS)} ${choose(rng, PLACES)}.`
    case 1:
      return `In ${choose(rng, SEASONS)}, the weather in ${city} is often ${choose(rng, WEATHER)}.`
    case 2:
      return `Someone left a ${choose(rng, ADJECTIVES)} ${word} ${choose(rng, PLACES)} in ${city}.`
    default:
      return `There is a ${word} ${choose(rng, PLACES)}, and it is ${choose(rng, ADJECTIVES)}.`
  }
}
