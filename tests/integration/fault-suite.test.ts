/**
 * The fault suite: real CLI, web-host and worker processes on one data folder, killed with
 * SIGKILL at random steps (three times each), interrupted with a terminal Ctrl-C, and a
 * second process opened beside the owner. After all of it the same run completes with no
 * orphaned worker left (/proc is scanned), every checkpoint manifest matches its store row,
 * the loss curve has each step exactly once, and the losses equal an uninterrupted run's.
 * The random steps come from a seed printed with each kill, so a failure can be replayed.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Rng } from '../../shared'
import { resolvedCheckpointPath } from '../../electron/core/store/checkpoint-paths'
import { HOST_BUNDLE, lastLossStep, lossSteps, readStore, startCli, startServe, type Proc } from '../helpers/fault-processes'
import { waitFor, workersOf } from '../helpers/processes'
import { tempDir } from '../helpers/temp'
import { tinySchedule } from '../helpers/tiny-schedule'

const STEPS = 300
const EVERY = 25
const dir = tempDir('continuum-faults-')
const marker = `CONTINUUM_FAULT_${process.pid}`
const live: Proc[] = []
afterAll(async () => {
  for (const p of live) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
  await new Promise((r) => setTimeout(r, 500))
  dir.cleanup()
})

const track = (p: Proc) => {
  live.push(p)
  return p
}
const alive = (p: Proc | null): p is Proc => p !== null && p.child.exitCode === null && p.child.signalCode === null
const step = (db: string) => {
  try {
    return existsSync(db) ? readStore(db, lastLossStep) : 0
  } catch {
    return 0 // the CLI is still creating the schema
  }
}

/** No training worker with our marker runs except children of the given live processes. */
async function noOrphans(parents: Proc[], what: string): Promise<void> {
  const allowed = new Set(parents.filter(alive).map((p) => p.pid))
  // A worker whose parent died pauses at a checkpoint and exits within 15 s (parent-watch.ts).
  await waitFor(`no orphaned worker after ${what} (left: ${JSON.stringify(workersOf(marker).filter((w) => !allowed.has(w.ppid)))})`, () => workersOf(marker).every((w) => allowed.has(w.ppid)), 25_000, 200)
}

describe('fault suite', () => {
  it('survives SIGKILL of the CLI, the host and a worker at random steps, a second process, and Ctrl-C, and the run ends as if nothing happened', async () => {
    if (!existsSync(HOST_BUNDLE)) throw new Error(`${HOST_BUNDLE} is missing: run "npm run build" first (npm test does).`)
    const schedule = join(dir.path, 'schedule.json')
    writeFileSync(schedule, JSON.stringify(tinySchedule('faults', STEPS, EVERY)))
    const data = join(dir.path, 'data')
    const db = join(data, 'continuum.db')
    // The uninterrupted reference, in its own folder, alongside.
    const reference = track(startCli(schedule, join(dir.path, 'reference'), `${marker}_REF`))

    const seed = Date.now() % 100_000
    const rng = new Rng(seed)
    const log: string[] = []
    let cli: Proc | null = null
    let serve: Proc | null = null
    const ensureCli = () => {
      if (!alive(cli)) cli = track(startCli(schedule, data, marker))
      return cli
    }
    const advance = async (what: string, ownerPid: number) => {
      const from = step(db)
      // Past the last checkpoint the resumed worker starts from, by a random 5..40 steps.
      const target = Math.min(STEPS - 30, Math.max(from, Math.floor(from / EVERY) * EVERY) + 5 + (rng.nextU32() % 36))
      // And with the owner's worker alive: near the end the cap makes the target one the store
      // has already passed, and a CLI just started has not forked its worker yet (seen once in
      // CI on Node 22: no worker to kill).
      await waitFor(
        `step ${target} and a worker of ${ownerPid} before ${what} (seed ${seed}; ${log.join('; ')}; CLI: ${cli?.output().slice(-400)})`,
        () => step(db) >= target && workersOf(marker).some((w) => w.ppid === ownerPid),
        120_000,
        50,
      )
      log.push(`${what} at step ${step(db)}`)
    }

    for (const fault of ['cli', 'worker', 'serve', 'cli', 'worker', 'serve', 'cli', 'worker', 'serve'] as const) {
      if (fault === 'serve') {
        if (alive(cli)) {
          cli.child.kill('SIGKILL')
          await cli.exited
          await noOrphans([], 'the CLI before the host round')
        }
        serve = track(startServe(data, marker))
        await waitFor('the host to start', () => serve!.output().includes('Open http'), 60_000).catch((e: Error) => {
          throw new Error(`${e.message}; its output: ${serve!.output().slice(-2000)}`)
        })
        expect(serve.output()).toContain("This process runs the data folder's jobs.")
        // The CLI beside it is a reader: it starts no runner and flips no job; it asks the host to go on.
        cli = track(startCli(schedule, data, marker))
        await waitFor('the CLI to follow the host', () => cli!.output().includes("npm run serve (pid"), 60_000)
        expect(cli.output()).toMatch(new RegExp(`npm run serve \\(pid ${serve.pid} on .+, since .+\\) runs this data folder's jobs; following its progress`))
        await waitFor('the host to run the job', () => readStore(db, (d) => d.prepare("SELECT pid FROM jobs WHERE status = 'running' AND pid IS NOT NULL").get()) !== undefined, 60_000)
        const running = readStore(db, (d) => d.prepare("SELECT pid FROM jobs WHERE status = 'running'").get() as { pid: number })
        expect(workersOf(marker).map((w) => w.ppid)).toEqual([serve.pid])
        await advance('SIGKILL of the host', serve.pid)
        serve.child.kill('SIGKILL')
        await serve.exited
        // The reader takes over, stops the orphan (if it has not stopped itself) and goes on.
        await waitFor('the CLI to take over', () => cli!.output().includes('this process now runs'), 30_000)
        await noOrphans([cli], 'SIGKILL of the host')
        await waitFor('the CLI to train again', () => workersOf(marker).some((w) => w.ppid === cli!.pid && w.pid !== running.pid), 60_000)
        continue
      }
      const owner = ensureCli()
      await advance(`SIGKILL of the ${fault}`, owner.pid)
      if (fault === 'cli') {
        owner.child.kill('SIGKILL')
        await owner.exited
        await noOrphans([], 'SIGKILL of the CLI')
      } else {
        const workers = workersOf(marker).filter((w) => w.ppid === owner.pid)
        expect(workers).toHaveLength(1)
        process.kill(workers[0]!.pid, 'SIGKILL')
        // The CLI reports the failed run and exits; the rerun resumes it.
        const { code } = await owner.exited
        expect(code).toBe(1)
        expect(owner.output()).toContain('failed: The worker exited unexpectedly (signal SIGKILL')
        await noOrphans([], 'SIGKILL of a worker')
      }
    }

    // Ctrl-C from a terminal: SIGINT to the CLI's whole process group, workers included.
    const owner = ensureCli()
    await advance('Ctrl-C', owner.pid)
    process.kill(-owner.pid, 'SIGINT')
    const { code } = await owner.exited
    expect(code, owner.output()).toBe(130)
    const pausedAt = Number(/run 1 \(.+\): paused at step (\d+)/.exec(owner.output())?.[1])
    expect(owner.output()).toContain('Paused. Run the same command again to resume.')
    readStore(db, (d) => {
      expect(d.prepare('SELECT status FROM jobs').get()).toEqual({ status: 'paused' })
      expect((d.prepare('SELECT max(step) AS s FROM checkpoints').get() as { s: number }).s).toBe(pausedAt)
    })
    await noOrphans([], 'Ctrl-C')

    const last = track(startCli(schedule, data, marker))
    expect((await last.exited).code, last.output()).toBe(0)
    expect(last.output()).toContain('Resuming experiment 1 (1 runs to continue).')
    expect((await reference.exited).code, reference.output()).toBe(0)
    await noOrphans([], 'the end')
    expect(existsSync(`${db}.lock`)).toBe(false)

    const refLoss = readStore(join(dir.path, 'reference', 'continuum.db'), (d) => lossSteps(d, 1))
    readStore(db, (d) => {
      // A run's status is its job's (store/runs.ts RUN_STATUS): the jobs row is where it is written.
      expect(d.prepare('SELECT status FROM jobs').get()).toEqual({ status: 'completed' })
      const loss = lossSteps(d, 1)
      expect(loss.map((p) => p.step)).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1))
      // Bit-identical resumption: the same floats as the run nobody interrupted.
      expect(loss.map((p) => p.value)).toEqual(refLoss.map((p) => p.value))
      const rows = d.prepare('SELECT step, path, sha256 FROM checkpoints ORDER BY step').all() as { step: number; path: string; sha256: string }[]
      expect(rows.filter((r) => r.step % EVERY === 0).map((r) => r.step)).toEqual(Array.from({ length: STEPS / EVERY }, (_, i) => (i + 1) * EVERY).filter((s) => s <= STEPS))
      for (const r of rows) {
        // The store keeps checkpoint paths relative to the data folder (migration 8).
        const folder = resolvedCheckpointPath(r.path, data)
        const manifest = readFileSync(join(folder, 'manifest.json'))
        expect(createHash('sha256').update(manifest).digest('hex'), folder).toBe(r.sha256)
        const files = JSON.parse(manifest.toString('utf8')).files as Record<string, { sha256: string }>
        for (const [name, f] of Object.entries(files)) expect(createHash('sha256').update(readFileSync(join(folder, name))).digest('hex'), `${folder}/${name}`).toBe(f.sha256)
      }
    })
    console.log(`fault suite (seed ${seed}): ${log.join('; ')}; paused by Ctrl-C at step ${pausedAt}`)
  }, 900_000)
})
