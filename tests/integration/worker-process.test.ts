import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { FromWorker } from '../../electron/core/jobs/protocol'
import { forkWorker, type WorkerHandle } from '../../electron/core/runner/worker-process'
import { TrainJobSpec } from '../../shared'
import { tempDir } from '../helpers/temp'
import { tinyJob } from '../helpers/job-files'

const dir = tempDir()
afterAll(() => dir.cleanup())

function collect(worker: WorkerHandle) {
  const messages: FromWorker[] = []
  worker.onMessage((m) => void messages.push(m))
  const exit = new Promise<{ code: number | null; signal: string | null; stderrTail: string }>((resolve) => worker.onExit(resolve))
  return { messages, exit }
}

describe('a worker process', () => {
  it('runs a job end to end and exits 0', async () => {
    const worker = forkWorker()
    const { messages, exit } = collect(worker)
    worker.send({ type: 'start', spec: TrainJobSpec.parse(tinyJob(dir.path, { steps: 4 })), resumeFrom: null })
    const { code } = await exit
    expect(code).toBe(0)
    expect(messages[0]).toMatchObject({ type: 'ready', backend: 'wasm' })
    expect(messages.at(-1)).toEqual({ type: 'done', outcome: 'completed' })
    expect(messages.filter((m) => m.type === 'checkpoint').map((m) => m.step)).toEqual([3, 4])
  }, 60_000)

  it('answers a malformed start message with an error naming the field, and exits 1', async () => {
    const worker = forkWorker()
    const { messages, exit } = collect(worker)
    const spec = tinyJob(dir.path)
    worker.send({ type: 'start', spec: { ...spec, batch: 0 }, resumeFrom: null } as never)
    expect((await exit).code).toBe(1)
    expect(messages).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'BAD_REQUEST', message: expect.stringContaining('spec.batch:') }) }])
  }, 30_000)

  it('reports a job that fails (missing corpus) with the reason', async () => {
    const worker = forkWorker()
    const { messages, exit } = collect(worker)
    worker.send({ type: 'start', spec: TrainJobSpec.parse(tinyJob(dir.path, { data: { corpus: '/nonexistent/corpus.txt', task: null, replay: 0 } })), resumeFrom: null })
    expect((await exit).code).toBe(1)
    expect(messages.at(-1)).toMatchObject({ type: 'error', error: { kind: 'IO', message: 'Cannot read the corpus /nonexistent/corpus.txt: ENOENT' } })
  }, 30_000)

  it('ignores SIGINT (a terminal Ctrl-C reaches the whole process group): only the runner decides, and pause still saves a checkpoint', async () => {
    const worker = forkWorker()
    const { messages, exit } = collect(worker)
    worker.send({ type: 'start', spec: TrainJobSpec.parse(tinyJob(dir.path, { steps: 100_000, checkpoints: { every: null, at: [] }, checkpointDir: `${dir.path}/sigint` })), resumeFrom: null })
    const stepNow = () => messages.filter((m) => m.type === 'progress').length
    while (stepNow() < 3) await new Promise((r) => setTimeout(r, 50))
    worker.kill('SIGINT')
    const after = stepNow()
    while (stepNow() < after + 5) await new Promise((r) => setTimeout(r, 50))
    worker.send({ type: 'pause' })
    expect(await exit).toMatchObject({ code: 0, signal: null })
    expect(messages.at(-1)).toEqual({ type: 'done', outcome: 'paused' })
    expect(messages.filter((m) => m.type === 'checkpoint')).toHaveLength(1)
  }, 60_000)

  it('is out of reach of a terminal Ctrl-C from the moment it is forked, before its own code has run', async () => {
    // A worker takes 2.5-4 s (measured on the loaded 2-core CI machine, tsx) to load its
    // imports before its own SIGINT handler exists; a Ctrl-C then used to kill it ("signal
    // SIGINT"), and the job failed instead of pausing. The runner here is in its own process
    // group, as a CLI in a terminal is, and the group gets SIGINT right after the fork.
    const runner = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../helpers/ctrl-c-runner.ts'), dir.path], { detached: true, stdio: ['pipe', 'pipe', 'inherit'] })
    let out = ''
    runner.stdout!.on('data', (c: Buffer) => void (out += c.toString('utf8')))
    const done = new Promise<void>((resolve) => runner.on('exit', () => resolve()))
    while (!out.includes('forked\n')) await new Promise((r) => setTimeout(r, 10))
    process.kill(-runner.pid!, 'SIGINT')
    await new Promise((r) => setTimeout(r, 200))
    runner.stdin!.end('go\n')
    await done
    expect(JSON.parse(out.split('\n')[1]!)).toEqual({ code: 0, signal: null, last: { type: 'done', outcome: 'completed' } })
  }, 60_000)
})
