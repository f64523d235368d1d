/** Importing real data: corpora (text, JSONL) and tasks (JSONL, CSV), validated, then written with their row. */
export { importCorpus, CORPUS_FILE, type ImportCorpusInput, type ImportResult, type ImportStats } from './import-corpus'
export { importTask, TASK_FILE, DEFAULT_CUE, type ImportTaskInput } from './import-task'
export { CORPUS_FORMATS, TASK_FORMATS, type CorpusFormat, type TaskFileFormat } from './formats'
export { MAX_LINE_BYTES, decodeSource, readSourceText } from './source-text'
export { datasetDir, type DatasetsStore } from './write-dataset'
