/**
 * An import asked for over the contract: find the file (a picked file, an upload or a path
 * the transport's policy allows), import it with the service's limits, and let go of the
 * staged upload afterwards, whatever happened. Split files (testFile, oodFile) are paths
 * under the same policy.
 */
import type { ImportCorpusRequest, ImportTaskRequest } from '../../../shared'
import { importCorpus, importTask, type ImportResult } from '../datasets'
import type { FileSource } from '../datasets/import-sources'
import { AppError } from '../errors'
import { readablePath } from '../system/path-policy'
import type { ServiceContext } from './router'

type Ctx = Pick<ServiceContext, 'store' | 'dataDir' | 'imports' | 'importLimits' | 'paths'>

async function withSource(context: Ctx, input: { file?: string | undefined; upload?: string | undefined; picked?: string | undefined }, run: (file: string, sourceName: string | undefined) => Promise<ImportResult>): Promise<ImportResult> {
  const given: FileSource = { ...(input.file !== undefined ? { path: input.file } : {}), ...(input.upload ? { upload: input.upload } : {}), ...(input.picked ? { picked: input.picked } : {}) }
  const source = await context.imports.resolve(given, context.paths.read)
  try {
    return await run(source.file, source.sourceName)
  } catch (error) {
    if (error instanceof AppError) throw new AppError(error.code, source.shown(error.message), error.data)
    throw error
  } finally {
    await source.done()
  }
}

export function importCorpusFromContract(context: Ctx, input: ImportCorpusRequest): Promise<ImportResult> {
  const { file: _file, upload: _upload, picked: _picked, ...options } = input
  return withSource(context, input, (file, sourceName) => importCorpus(context.store, context.dataDir, { ...options, file, ...(sourceName ? { sourceName } : {}), limits: context.importLimits }))
}

export function importTaskFromContract(context: Ctx, input: ImportTaskRequest): Promise<ImportResult> {
  const { file: _file, upload: _upload, picked: _picked, testFile, oodFile, ...options } = input
  return withSource(context, input, async (file, sourceName) =>
    importTask(context.store, context.dataDir, {
      ...options,
      file,
      ...(sourceName ? { sourceName } : {}),
      ...(testFile !== undefined ? { testFile: await readablePath(context.paths.read, testFile) } : {}),
      ...(oodFile !== undefined ? { oodFile: await readablePath(context.paths.read, oodFile) } : {}),
      limits: context.importLimits,
    }),
  )
}
