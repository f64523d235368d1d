/** Importing real data: corpora (text, JSONL, Parquet) and tasks (JSONL, CSV, Parquet), validated, then written with their row. */
export { importCorpus, CORPUS_FILE, type ImportCorpusInput, type ImportResult, type ImportStats } from './import-corpus'
export { importTask, TASK_FILE, TASK_DEFINITION_FILE, DEFAULT_CUE, taskDefinitionPath, type ImportTaskInput } from './import-task'
export { CORPUS_FORMATS, TASK_FORMATS, type CorpusFormat, type TaskFileFormat } from './formats'
export { MAX_LINE_BYTES, decodeSource, readSourceText } from './source-text'
export { DEFAULT_MAX_IMPORT_BYTES, DEFAULT_IMPORT_TIMEOUT_MS, readSourceBytes, type ReadLimits } from './read-source'
export { COLUMN_ROLES, type ColumnMap, type ColumnRole } from './columns'
export { SPLIT_NAMES, DEFAULT_TEST_FRACTION } from './splits'
export { datasetDir, type DatasetsStore } from './write-dataset'
