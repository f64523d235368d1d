/**
 * A cluster job's folder (issue 15): `<clusterDir>/continuum/<data dir hash>/job-<id>-<attempt>/`
 * holds what a compute node needs and nothing it must reach elsewhere: `spec.json` (the start
 * message, its paths rewritten to copies under `inputs/`), the batch script, `checkpoints/` and
 * the event log. `local.json` maps the staged paths back to this machine's, so a restarted owner
 * can ingest a log it did not start. Every file is written to a temp name and renamed, so a
 * node never reads half a spec.
 */
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { z } from 'zod'
import type { StartMessage } from '../runner/runner'

export const SPEC_FILE = 'spec.json'
export const LOCAL_FILE = 'local.json'
export const CHECKPOINTS = 'checkpoints'

/** 12 hex digits of the data folder's path: two data folders never share job folders on one cluster. */
export const dataDirHash = (dataDir: string): string => createHash('sha256').update(dataDir).digest('hex').slice(0, 12)

export const jobFolder = (clusterDir: string, dataDir: string, jobId: number, attempt: number): string =>
  join(clusterDir, 'continuum', dataDirHash(dataDir), `job-${jobId}-${attempt}`)

/** How a staged path maps back: inputs to their originals, the job's checkpoints to the run's local folder. */
export const LocalPaths = z.strictObject({
  inputs: z.record(z.string(), z.string()),
  checkpointDir: z.string().nullable(),
})
export type LocalPaths = z.infer<typeof LocalPaths>

export function writeAtomic(path: string, text: string): void {
  const temp = `${path}.tmp-${process.pid}`
  writeFileSync(temp, text, { flush: true })
  renameSync(temp, path)
}

/** Copies `start`'s inputs into `dir` and writes its spec; returns the staged start message. */
export function stageJob(start: StartMessage, dir: string): { staged: StartMessage; local: LocalPaths } {
  mkdirSync(join(dir, 'inputs'), { recursive: true })
  mkdirSync(join(dir, CHECKPOINTS), { recursive: true })
  const inputs: Record<string, string> = {}
  const byOriginal = new Map<string, string>()
  const stage = (original: string): string => {
    const known = byOriginal.get(original)
    if (known) return known
    const target = join(dir, 'inputs', `${byOriginal.size + 1}-${basename(original)}`)
    if (!existsSync(target)) {
      // Copied under a temp name and renamed, so a resubmitted attempt never finds half a folder.
      const temp = `${target}.tmp-${process.pid}`
      cpSync(original, temp, { recursive: true })
      renameSync(temp, target)
    }
    byOriginal.set(original, target)
    inputs[target] = original
    return target
  }
  const stageOrNull = (p: string | null) => (p === null ? null : stage(p))
  const spec = start.spec
  const evalPlan = <T extends { suiteDir: string | null; taskFiles: string[]; corpora: { name: string; path: string }[] }>(e: T): T => ({
    ...e,
    suiteDir: stageOrNull(e.suiteDir),
    taskFiles: e.taskFiles.map(stage),
    corpora: e.corpora.map((c) => ({ ...c, path: stage(c.path) })),
  })
  let staged: StartMessage
  let checkpointDir: string | null = null
  if (spec.kind === 'train') {
    checkpointDir = spec.checkpointDir
    staged = {
      type: 'start',
      resumeFrom: stageOrNull(start.resumeFrom),
      spec: {
        ...spec,
        init: spec.init.from === 'checkpoint' ? { from: 'checkpoint', path: stage(spec.init.path) } : spec.init,
        data: { ...spec.data, corpus: stageOrNull(spec.data.corpus), task: stageOrNull(spec.data.task), heldOut: spec.data.heldOut.map((c) => ({ ...c, path: stage(c.path) })) },
        checkpointDir: join(dir, CHECKPOINTS),
        eval: spec.eval ? evalPlan(spec.eval) : null,
      },
    }
  } else if (spec.kind === 'evaluate') {
    staged = { type: 'start', resumeFrom: null, spec: { ...spec, checkpoints: spec.checkpoints.map(stage), eval: evalPlan(spec.eval) } }
  } else {
    staged = { type: 'start', resumeFrom: null, spec: { ...spec, checkpoint: stage(spec.checkpoint) } }
  }
  const local: LocalPaths = { inputs, checkpointDir }
  writeAtomic(join(dir, LOCAL_FILE), JSON.stringify(local, null, 2))
  writeAtomic(join(dir, SPEC_FILE), JSON.stringify(staged, null, 2))
  return { staged, local }
}

/** The mapping a job folder was staged with (a restarted owner reads it back). */
export function readLocalPaths(dir: string): LocalPaths {
  const path = join(dir, LOCAL_FILE)
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new Error(`${path}: not readable JSON (${error instanceof Error ? error.message : String(error)})`)
  }
  const parsed = LocalPaths.safeParse(json)
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
  return parsed.data
}
