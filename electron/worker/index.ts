/**
 * Entry of a training worker: one OS process per job. It waits for a validated `start`
 * message, runs the phase, and reports progress, metrics, checkpoints and the outcome. Errors
 * cross the boundary as data; expected ones keep their code so the user sees the reason.
 * When its parent goes away it pauses at a checkpoint and exits (parent-watch.ts).
 */
import { ToWorker } from '../core/jobs/protocol'
import { runTrainJob } from '../core/jobs/train-job'
import { runEvalJob } from '../core/jobs/eval-job'
import { runSampleJob } from '../core/jobs/sample-job'
import type { Control } from '../core/engine/train'
import { AppError } from '../core/errors'
import { parentChannel } from './channel'
import { ignoreTerminalInterrupt, watchParent } from './parent-watch'

/**
 * With its parent gone, a worker finishes the current step, saves a pause checkpoint and
 * exits; if that takes longer than this (a huge model's step), it exits anyway: the run then
 * resumes from its last recorded checkpoint.
 */
const PARENT_GONE_EXIT_MS = 15_000

ignoreTerminalInterrupt()
const channel = parentChannel()
let control: Control = 'run'
let started = false

const parent = watchParent((why) => {
  console.error(`[worker ${process.pid}] ${why}: pausing at a checkpoint, then exiting.`)
  if (!started) process.exit(0)
  control = 'pause'
  setTimeout(() => process.exit(0), PARENT_GONE_EXIT_MS).unref()
})

/** Nothing can be sent once the parent is gone; the message would only raise an error. */
const send: typeof channel.send = (m) => (parent.gone ? Promise.resolve() : channel.send(m))

async function fail(error: unknown): Promise<never> {
  const e = error instanceof Error ? error : new Error(String(error))
  await send({
    type: 'error',
    error: { kind: e instanceof AppError ? e.code : e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) },
  })
  process.exit(1)
}

channel.onMessage((raw) => {
  const parsed = ToWorker.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    void fail(new AppError('BAD_REQUEST', `Invalid message to the worker: ${issue.path.join('.') || '(message)'}: ${issue.message}`))
    return
  }
  const message = parsed.data
  if (message.type !== 'start') {
    // Once the parent is gone the worker is pausing, whatever a late message said.
    if (!parent.gone) control = message.type
    return
  }
  if (started) return void fail(new Error('The worker was started twice.'))
  started = true
  const io = { emit: (m: Parameters<typeof channel.send>[0]) => void send(m), control: () => control }
  const spec = message.spec
  const job = spec.kind === 'train' ? runTrainJob(spec, message.resumeFrom, io) : spec.kind === 'evaluate' ? runEvalJob(spec, io) : runSampleJob(spec, io)
  job
    .then(async (outcome) => {
      await send({ type: 'done', outcome })
      process.exit(0)
    })
    .catch(fail)
})
