/**
 * `reverse`: write a short list of words in reverse order — a small generation task scored by
 * ROUGE-L (longest common subsequence, so a partly right order earns partial credit, as a
 * summary does in the paper's XSum). Nothing like it is in the corpus.
 *
 * Out of domain: lists made only of held-out words that no training or in-domain test list
 * contains (a vocabulary shift; same lengths, 3–5 words).
 */
import type { TaskDefinition, TaskTemplate, World } from '../../../shared/schemas/task'
import type { ScaleConfig } from './scales'
import { drawSplits } from './sampling'

export const REVERSE_TEMPLATE: TaskTemplate = { instruction: 'Write the words in reverse order.', cue: 'Reversed:' }
export const MIN_WORDS = 3
export const MAX_WORDS = 5

export function reverseTask(world: World, scale: ScaleConfig, seed: number): TaskDefinition {
  return {
    id: 'reverse',
    name: 'Reverse a word list',
    description: `Write a list of ${MIN_WORDS}–${MAX_WORDS} words in reverse order.`,
    kind: 'generation',
    learnedInPretraining: false,
    metric: 'rouge-l',
    template: REVERSE_TEMPLATE,
    maxNewTokens: 64,
    ood: { shift: 'vocabulary', description: 'Lists of held-out words that appear in no training or in-domain test list.' },
    splits: drawSplits({
      task: 'reverse',
      seed,
      examples: scale.examples,
      inDomain: world.words.inDomain,
      ood: world.words.heldOut,
      make: (r, vocabulary) => {
        const n = MIN_WORDS + r.int(MAX_WORDS - MIN_WORDS + 1)
        // Distinct words, so the reversed order is unambiguous.
        const words = r.shuffle([...vocabulary]).slice(0, n)
        return { input: `Words: ${words.join(' ')}`, target: [...words].reverse().join(' ') }
      },
    }),
  }
}
