/**
 * The built-in suite: a world, a pre-training corpus about it, and tasks on it, all a pure
 * function of (seed, scale). Each part draws from its own derived seed, so changing one task
 * does not reshuffle the others.
 */
import { SUITE_VERSION, SuiteScale, TaskDefinition, evalTaskOf, trainLineOf, type Suite } from '../../../shared/schemas/task'
import { AppError } from '../errors'
import { buildCorpus } from './corpus'
import { SCALES } from './scales'
import { arithmeticTask } from './task-arithmetic'
import { countryTask } from './task-country'
import { factsTask } from './task-facts'
import { nliTask } from './task-nli'
import { paraphraseTask } from './task-paraphrase'
import { qaTask } from './task-qa'
import { reverseTask } from './task-reverse'
import { generateWorld } from './world'

export interface SuiteOptions {
  seed: number
  scale?: SuiteScale
}

export function generateSuite({ seed, scale = 'default' }: SuiteOptions): Suite {
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new AppError('BAD_REQUEST', `The suite seed must be an integer from 0 to 2^32 - 1, got ${seed}.`)
  if (!SuiteScale.safeParse(scale).success) throw new AppError('BAD_REQUEST', `Unknown suite scale "${scale}"; use one of ${SuiteScale.options.join(', ')}.`)
  const config = SCALES[scale]
  const world = generateWorld(seed, config)
  const tasks = [
    factsTask(world, config, seed),
    qaTask(world, config, seed),
    countryTask(world, seed),
    nliTask(world, config, seed),
    paraphraseTask(world, config, seed),
    arithmeticTask(config, seed),
    reverseTask(world, config, seed),
  ]
  // Generation bugs should fail here, loudly, not in a training job hours later.
  for (const task of tasks) TaskDefinition.parse(task)
  return { version: SUITE_VERSION, seed, scale, world, corpus: buildCorpus(world, config, seed), tasks }
}

/**
 * A task's training split as JSONL, one `{"prompt", "completion"}` per line in the default
 * format, exactly what a fine-tuning job reads (`readTaskFile`): loss on the completion only.
 */
export function renderTrainFile(task: TaskDefinition): string {
  const evalTask = evalTaskOf(task)
  return task.splits.train.map((e) => JSON.stringify(trainLineOf(evalTask, e)) + '\n').join('')
}
