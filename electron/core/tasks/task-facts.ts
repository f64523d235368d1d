/**
 * `facts`: questions about the world, answered with one word or number. The corpus states
 * every fact in several sentences AND asks it in exactly this task's default format, so this
 * is the suite's task "learned in pre-training".
 *
 * Generation with exact match, not classification: the evaluation code's label set belongs to
 * the task, while each question here has its own candidates (cities for "where", ages for "how
 * old"), and many answers share a first byte (Paris/Pune, 34/38), which TokenProb cannot split.
 * Greedy decoding of a one-line answer is exact and cheap (answers are a few bytes).
 *
 * Splits are by fact: test facts are not in train (but are in the corpus, by design). The
 * out-of-domain set asks the SAME test facts with held-out question phrasings, so the only
 * shift is the wording of the question.
 */
import { Rng, deriveSeed } from '../../../shared/random'
import type { Example } from '../../../shared/eval/prompt'
import type { TaskDefinition, TaskTemplate, World } from '../../../shared/schemas/task'
import type { ScaleConfig } from './scales'
import { choose } from './sampling'
import { QUESTIONS, allFacts, questionInput, type Fact } from './statements'

export const FACTS_TEMPLATE: TaskTemplate = { instruction: 'Answer the question about the world with one word or number.', cue: 'Answer:' }

/** The example asking a fact in the corpus phrasing, or a held-out one. */
export function factExample(fact: Fact, heldOutQuestion?: number): Example {
  const q = QUESTIONS[fact.attribute]
  const ask = heldOutQuestion === undefined ? q.corpus : q.heldOut[heldOutQuestion]
  if (!ask) throw new RangeError(`no held-out question ${heldOutQuestion} for ${fact.attribute}`)
  return { input: questionInput(ask(fact.subject)), target: fact.value }
}

export function factsTask(world: World, scale: ScaleConfig, seed: number): TaskDefinition {
  const rng = new Rng(deriveSeed(seed, 'task', 'facts'))
  const facts = rng.shuffle(allFacts(world))
  const nTest = Math.max(1, Math.round(facts.length * scale.factsTestFraction))
  const test = facts.slice(0, nTest)
  const train = facts.slice(nTest)
  const heldOut = (f: Fact) => choose(rng, QUESTIONS[f.attribute].heldOut.map((_, i) => i))
  return {
    id: 'facts',
    name: 'World facts',
    description: 'Questions about people (home city, job, favourite colour, age) and cities (country), answered with one word or number.',
    kind: 'generation',
    learnedInPretraining: true,
    metric: 'exact-match',
    template: FACTS_TEMPLATE,
    maxNewTokens: 16,
    ood: { shift: 'question-templates', description: 'The in-domain test facts, asked with question phrasings that appear neither in the corpus nor in training.' },
    splits: {
      train: train.map((f) => factExample(f)),
      test: test.map((f) => factExample(f)),
      ood: test.map((f) => factExample(f, heldOut(f))),
    },
  }
}
