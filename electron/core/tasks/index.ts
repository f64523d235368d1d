/** The built-in synthetic suite: world, corpus and tasks from (seed, scale), and its folder on disk. */
export { generateSuite, renderTrainFile, type SuiteOptions } from './suite'
export { SCALES, type ScaleConfig } from './scales'
export { generateWorld } from './world'
export { buildCorpus } from './corpus'
export { materializeSuite, loadSuite, SuiteManifest, SUITE_MANIFEST, CORPUS_FILE, WORLD_FILE, trainFileOf, definitionFileOf, type LoadedSuite, type MaterializeOptions } from './materialize'
export { NLI_LABELS } from './task-nli'
export { PARAPHRASE_LABELS } from './task-paraphrase'
