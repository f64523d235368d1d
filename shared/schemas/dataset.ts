import { z } from 'zod'
import { Id, JsonObject, PathString, Timestamp } from './common'
import { Sha256 } from './checkpoint'

export const DatasetKind = z.enum(['corpus', 'task'])

export const Dataset = z.object({
  id: Id,
  name: z.string(),
  kind: DatasetKind,
  source: z.string(),
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: Sha256,
  meta: JsonObject,
  /** Tasks: the researcher's mark "learned in pre-training"; null when unmarked (then inferred). */
  learned: z.boolean().nullable(),
  createdAt: Timestamp,
})
export type Dataset = z.infer<typeof Dataset>

export const DatasetCreate = Dataset.omit({ id: true, createdAt: true }).extend({
  name: z.string().trim().min(1).max(200),
  meta: JsonObject.default({}),
  learned: z.boolean().nullable().default(null),
})
export type DatasetCreate = z.input<typeof DatasetCreate>

const DatasetName = z.string().min(1).max(100)
// No NUL byte (the OS would cut the path there), at most 4096 characters: shared/schemas/common.ts.
const Path = PathString
const Column = z.string().min(1).max(200)

/** Exactly one of them says where the file is. */
const FileSource = {
  file: Path.optional(),
  /** An id from `datasets.upload`. */
  upload: z.string().regex(/^[0-9a-f]{24}$/).optional(),
  /** An id from `datasets.pickFile`. */
  picked: z.string().regex(/^[0-9a-f]{24}$/).optional(),
}
const oneSource = (r: { file?: string; upload?: string; picked?: string }) => [r.file, r.upload, r.picked].filter((x) => x !== undefined).length === 1
const oneSourceIssue = { message: 'give exactly one of file, upload or picked', path: ['file'] }

export const ImportCorpusRequest = z
  .object({ name: DatasetName, ...FileSource, format: z.enum(['text', 'jsonl', 'parquet']).optional(), textColumn: Column.optional() })
  .refine(oneSource, oneSourceIssue)
export type ImportCorpusRequest = z.infer<typeof ImportCorpusRequest>

export const ColumnMap = z.object({ prompt: Column, completion: Column, text: Column, label: Column, split: Column, id: Column }).partial()

export const ImportTaskRequest = z
  .object({
    name: DatasetName,
    ...FileSource,
    format: z.enum(['jsonl', 'csv', 'parquet']).optional(),
    testFile: Path.optional(),
    oodFile: Path.optional(),
    columns: ColumnMap.optional(),
    testFraction: z.number().min(0).lt(1).optional(),
    oodFraction: z.number().min(0).lt(1).optional(),
    splitSeed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    instruction: z.string().max(1000).optional(),
    cue: z.string().max(200).optional(),
    learned: z.boolean().nullable().optional(),
  })
  .refine(oneSource, oneSourceIssue)
export type ImportTaskRequest = z.infer<typeof ImportTaskRequest>

export const PickedFile = z.object({ id: z.string(), fileName: z.string(), bytes: z.number().int().nonnegative() })
export type PickedFile = z.infer<typeof PickedFile>

/** 4 MiB of bytes is 5,592,408 base64 characters. */
export const UPLOAD_CHUNK_BYTES = 4 * 2 ** 20
export const UploadChunk = z.object({
  id: z.string().regex(/^[0-9a-f]{24}$/).optional(),
  fileName: z.string().min(1).max(255),
  offset: z.number().int().min(0),
  base64: z.string().max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
})
export type UploadChunk = z.infer<typeof UploadChunk>

export const DatasetPreview = z.object({
  text: z.string().nullable(),
  records: z.array(z.object({ split: z.string(), input: z.string(), answer: z.string() })),
})
export type DatasetPreview = z.infer<typeof DatasetPreview>
