/**
 * A runner process for the "Ctrl-C the moment a worker starts" test. Started in its own
 * process group (like a CLI in a terminal), it ignores SIGINT as the CLI's handler does,
 * forks a worker, prints `forked`, and waits for `go` on stdin (sent after the test's group
 * SIGINT). It then starts a tiny job in the worker and prints the worker's exit and last
 * message as one JSON line.
 */
import { createInterface } from 'node:readline'
import type { FromWorker } from '../../electron/core/jobs/protocol'
import { forkWorker } from '../../electron/core/runner/worker-process'
import { TrainJobSpec } from '../../shared'
import { tinyJob } from './job-files'

const dir = process.argv[2]
if (!dir) throw new Error('usage: ctrl-c-runner.ts <folder>')
process.on('SIGINT', () => console.error('runner: SIGINT (ignored here; the CLI would pause its jobs)'))

const worker = forkWorker()
let last: FromWorker | null = null
worker.onMessage((m) => void (last = m))
worker.onExit(({ code, signal }) => {
  console.log(JSON.stringify({ code, signal, last }))
  process.exit(0)
})
console.log('forked')
createInterface({ input: process.stdin }).once('line', () => {
  worker.send({ type: 'start', spec: TrainJobSpec.parse(tinyJob(dir, { steps: 3 })), resumeFrom: null })
})
