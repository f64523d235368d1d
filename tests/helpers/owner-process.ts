/**
 * A data folder's owner as its own OS process, for tests that stop it (SIGSTOP) to play an
 * owner too busy to answer. It creates a one-run experiment whose job stays queued (nothing
 * launches), prints `{"runId": n}` and then answers control requests until SIGTERM.
 */
import { createExperiment } from '../../electron/core/experiments/create'
import { openService } from '../../electron/core/service'
import { tinySchedule } from './tiny-schedule'

const data = process.argv[2]
if (!data) throw new Error('usage: owner-process.ts <data folder>')
const service = openService(data, { autoStart: false, concurrency: 1, role: 'cli' })
// The service's timers are unref'd (a CLI exits when its work is done); this one keeps the owner up.
const alive = setInterval(() => undefined, 60_000)
process.on('SIGTERM', () => {
  clearInterval(alive)
  service.close()
  process.exit(0)
})
void service.ready
  .then(() => createExperiment(service.store, data, tinySchedule('stalled owner', 10)))
  .then(({ runIds }) => console.log(JSON.stringify({ runId: runIds[0] })))
