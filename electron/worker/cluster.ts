/**
 * Entry of a training worker on a cluster node (issue 15): `node cluster.js <job folder>/spec.json`,
 * exec'd by the job's batch script. It runs the same job functions as a local worker, but has no
 * channel to the workstation: every message goes to `events.jsonl` beside the spec, one fsync'd
 * line each (core/cluster/event-log.ts). Slurm's signals are the controls: SIGUSR1 (scancel
 * --signal=USR1 --batch, or --signal=B:USR1@120 near the time limit) pauses at a checkpoint,
 * SIGTERM (scancel) cancels at the end of the step. Checkpoints go into the spec's checkpointDir,
 * the job folder's `checkpoints/`, written atomically by the job code.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { EVENT_LOG, EventLogWriter } from '../core/cluster/event-log'
import { ToWorker, type FromWorker } from '../core/jobs/protocol'
import { runTrainJob } from '../core/jobs/train-job'
import { runEvalJob } from '../core/jobs/eval-job'
import { runSampleJob } from '../core/jobs/sample-job'
import type { Control } from '../core/engine/train'
import { AppError } from '../core/errors'

const specPath = process.argv[2]
if (!specPath) {
  console.error('usage: cluster.js <job folder>/spec.json')
  process.exit(2)
}
const log = new EventLogWriter(join(dirname(specPath), EVENT_LOG))
const emit = (m: FromWorker) => void log.append(m)
let control: Control = 'run'
process.on('SIGUSR1', () => {
  console.error(`[cluster worker ${process.pid}] SIGUSR1: pausing at a checkpoint`)
  if (control === 'run') control = 'pause'
})
process.on('SIGTERM', () => {
  console.error(`[cluster worker ${process.pid}] SIGTERM: cancelling`)
  control = 'cancel'
})

function fail(error: unknown): never {
  const e = error instanceof Error ? error : new Error(String(error))
  emit({ type: 'error', error: { kind: e instanceof AppError ? e.code : e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) } })
  console.error(`[cluster worker ${process.pid}] ${e.stack ?? e.message}`)
  process.exit(1)
}

function readStart(path: string): Extract<ToWorker, { type: 'start' }> {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new AppError('BAD_REQUEST', `${path}: not a readable JSON file (${error instanceof Error ? error.message : String(error)})`)
  }
  const parsed = ToWorker.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new AppError('BAD_REQUEST', `${path}: ${issue.path.join('.') || '(spec)'}: ${issue.message}`)
  }
  if (parsed.data.type !== 'start') throw new AppError('BAD_REQUEST', `${path}: a job spec is a start message, not "${parsed.data.type}"`)
  return parsed.data
}

try {
  const start = readStart(specPath)
  const io = { emit, control: () => control }
  const spec = start.spec
  const job = spec.kind === 'train' ? runTrainJob(spec, start.resumeFrom, io) : spec.kind === 'evaluate' ? runEvalJob(spec, io) : runSampleJob(spec, io)
  job
    .then((outcome) => {
      emit({ type: 'done', outcome })
      log.close()
      process.exit(0)
    })
    .catch(fail)
} catch (error) {
  fail(error)
}
