/**
 * The pre-training corpus: every fact stated in every statement template (several times),
 * filler sentences that carry no facts, and every fact asked in the facts task's own format,
 * in blocks laid out like a k-shot prompt (demonstrations separated by a blank line). All of it
 * shuffled into paragraphs. No other task's format appears, so those tasks are "not learned in
 * pre-training" while the world knowledge they lean on is.
 */
import { Rng, deriveSeed } from '../../../shared/random'
import { renderDemonstration, simpleTemplate } from '../../../shared/eval/prompt'
import type { World } from '../../../shared/schemas/task'
import type { ScaleConfig } from './scales'
import { choose } from './sampling'
import { STATEMENTS, allFacts, state } from './statements'
import { FACTS_TEMPLATE, factExample } from './task-facts'
import { ADJECTIVES, PLACES, SEASONS, VERBS, WEATHER } from './vocabulary'

export function buildCorpus(world: World, scale: ScaleConfig, seed: number): string {
  const rng = new Rng(deriveSeed(seed, 'corpus'))
  const facts = allFacts(world)
  const sentences: string[] = []
  for (const fact of facts)
    for (let t = 0; t < STATEMENTS[fact.attribute].length; t++)
      for (let r = 0; r < scale.corpus.statementRepeats; r++) sentences.push(state(fact, t))
  for (let i = 0; i < scale.corpus.fillers; i++) sentences.push(filler(rng, world))
  rng.shuffle(sentences)

  const units: string[] = []
  for (let i = 0; i < sentences.length; ) {
    const n = 3 + rng.int(4)
    units.push(sentences.slice(i, i + n).join(' '))
    i += n
  }

  const template = simpleTemplate(FACTS_TEMPLATE)
  const questions: string[] = []
  for (const fact of facts)
    for (let r = 0; r < scale.corpus.questionRepeats; r++) questions.push(renderDemonstration(template, 'default', factExample(fact)))
  rng.shuffle(questions)
  for (let i = 0; i < questions.length; ) {
    const n = 1 + rng.int(4)
    units.push(questions.slice(i, i + n).join(template.separator))
    i += n
  }
  return rng.shuffle(units).join('\n\n') + '\n'
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
