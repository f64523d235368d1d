/**
 * A full disk while jobs launch (issue 10, item 9): a small tmpfs is the data folder, filled
 * to the last byte once the experiment exists. Launching must fail cleanly: the error reaches
 * the user, no worker is left running, the job stays resumable, and once there is space the
 * same run completes. Needs root (mount); skipped with a message otherwise.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, openSync, rmSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createExperiment } from '../../electron/core/experiments/create'
import { isAlive } from '../../electron/core/ownership/process-identity'
import { openService } from '../../electron/core/service'
import { tempDir } from '../helpers/temp'
import { tinySchedule } from '../helpers/tiny-schedule'

const dir = tempDir('continuum-full-')
const mountPoint = join(dir.path, 'tmpfs')
mkdirSync(mountPoint)

function tryMount(): string | null {
  if (process.getuid?.() !== 0) return 'not running as root'
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mountPoint], { stdio: 'pipe' })
    return null
  } catch (error) {
    return `mount failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
  }
}
const skipReason = tryMount()
if (skipReason) console.warn(`[disk-full] skipped: ${skipReason} (the test needs to mount a small tmpfs as the data folder)`)
afterAll(() => {
  if (!skipReason) execFileSync('umount', ['-l', mountPoint])
  dir.cleanup()
})

/** Writes until the file system refuses (ENOSPC). */
function fill(path: string): void {
  const fd = openSync(path, 'w')
  const chunk = Buffer.alloc(64 * 1024, 1)
  try {
    for (;;) writeSync(fd, chunk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    closeSync(fd)
  }
  // The last partial chunk: fill byte by byte down to zero.
  const tail = openSync(path, 'a')
  try {
    for (;;) writeSync(tail, chunk, 0, 512)
  } catch {
    // full
  } finally {
    closeSync(tail)
  }
}

describe.skipIf(skipReason !== null)('a full disk', () => {
  it('fails the launch cleanly (error shown, no worker left, job resumable) and completes once there is space', async () => {
    const data = join(mountPoint, 'data')
    const service = openService(data, { autoStart: false, concurrency: 1 })
    try {
      const { runIds } = await createExperiment(service.store, data, tinySchedule('full', 30, 10))
      const runId = runIds[0]!
      const forked: number[] = []
      const launcher = service.runner['options'].launcher
      service.runner['options'].launcher = () => {
        const h = launcher()
        forked.push(h.pid!)
        return h
      }
      const messages: string[] = []
      service.events.listen((e) => void (e.type === 'runner.error' && messages.push(e.message)))
      const filler = join(mountPoint, 'filler')
      fill(filler)
      service.runner.wake()
      await service.runner.idle()
      const job = service.store.jobs.forRun(runId)!
      const reported = [...messages, job.error?.message ?? ''].join(' | ')
      expect(reported).toMatch(/disk is full|database or disk is full|ENOSPC|SQLITE_FULL/)
      expect(['queued', 'failed']).toContain(job.status)
      for (const pid of forked) expect(isAlive({ pid, startTime: null }), `worker ${pid}`).toBe(false)

      rmSync(filler)
      if (job.status === 'failed') service.runner.resume(runId)
      service.runner.wake()
      await service.runner.idle()
      expect(service.store.runs.get(runId).status).toBe('completed')
    } finally {
      await service.shutdown()
    }
  }, 120_000)
})
