/** Checkpoint folders: model, tokenizer, optimizer state and a manifest that hashes them all. */
export { freeCheckpointFolder, saveCheckpoint, type OptimizerState, type SaveCheckpointInput, type SavedCheckpoint } from './save'
export { checkpointBytes, loadCheckpoint, type LoadedCheckpoint } from './load'
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  CONFIG_FILE,
  CheckpointManifest,
  MANIFEST_FILE,
  MODEL_FILE,
  OPTIMIZER_FILE,
  TOKENIZER_FILE,
} from './format'
export { encodeSafetensors, parseSafetensors, type ParsedSafetensors, type TensorEntry } from './safetensors'
