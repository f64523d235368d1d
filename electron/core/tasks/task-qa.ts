/**
 * `qa`: answer a question about a person ("Where does Teko live?" → "Paris") — knowledge
 * extraction, as in Allen-Zhu & Li, "Physics of Language Models, Part 3.1". The corpus states
 * every person's city and job but never asks a question, so the base model cannot do this at
 * any checkpoint (exact match 0). Fine-tuning teaches the format on the training people; the
 * test people's facts are ONLY in the corpus, so the fine-tuned test score measures what the
 * checkpoint stored: it rises with pre-training while the base stays at 0 (the paper's latent
 * gains, at small scale).
 *
 * Out of domain: the test people asked with question phrasings seen neither in training nor
 * in the in-domain test.
 */
import { Rng, deriveSeed } from '../../../shared/random'
import type { Example } from '../../../shared/eval/prompt'
import type { Person, TaskDefinition, TaskTemplate, World } from '../../../shared/schemas/task'
import type { ScaleConfig } from './scales'
import { KNOWN_ATTRIBUTES, QUESTIONS, personFact } from './statements'
import { splitPeople } from './task-facts'

export const QA_TEMPLATE: TaskTemplate = { instruction: 'Answer the question about the person with one word.', cue: 'Answer:' }

export function qaTask(world: World, scale: ScaleConfig, seed: number): TaskDefinition {
  const rng = new Rng(deriveSeed(seed, 'task', 'qa'))
  const { train, test } = splitPeople(world, scale, seed)
  const examples = (people: Person[], heldOut: boolean): Example[] =>
    rng.shuffle(
      people.flatMap((p) =>
        KNOWN_ATTRIBUTES.map((a) => {
          const q = QUESTIONS[a]
          const ask = heldOut ? q.heldOut[rng.int(q.heldOut.length)]! : q.asked
          return { input: ask(p.name), target: personFact(world, p.name, a).value }
        }),
      ),
    )
  return {
    id: 'qa',
    name: 'Questions about people',
    description: "Where does a person live, what is their job: questions the corpus never asks, about people whose facts only the corpus states.",
    kind: 'generation',
    learnedInPretraining: false,
    metric: 'exact-match',
    template: QA_TEMPLATE,
    maxNewTokens: 16,
    ood: { shift: 'question-templates', description: 'The test people asked with question phrasings that appear neither in training nor in the in-domain test.' },
    splits: { train: examples(train, false), test: examples(test, false), ood: examples(test, true) },
  }
}
