/**
 * A worker notices its parent is gone without the child_process IPC channel, as under
 * Electron's utilityProcess: by its parent pid changing (polled every PPID_POLL_MS), and by a
 * parent port's 'close'. Real processes; the parent port is a stand-in (no Electron binary on
 * these machines). The IPC 'disconnect' path is the fault suite's (SIGKILL of the CLI).
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { PPID_POLL_MS } from '../../electron/worker/parent-watch'
import { isRunning, waitFor } from '../helpers/processes'
import { tempDir } from '../helpers/temp'

const dir = tempDir()
afterAll(() => dir.cleanup())
const CHILD = join(__dirname, '../helpers/parent-watch-child.ts')
const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '')

describe('the parent watch', () => {
  it('sees its parent killed (SIGKILL) by the parent pid changing, with no IPC channel, and exits within a poll', async () => {
    const file = join(dir.path, 'poll.txt')
    // The middle process forks the watcher without IPC, prints its pid, and waits to be killed.
    const script = `const c = require('node:child_process').spawn(process.execPath, ['--import', 'tsx', ${JSON.stringify(CHILD)}, ${JSON.stringify(file)}], { stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1e6)`
    const middle = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    middle.stdout!.on('data', (c: Buffer) => void (out += c.toString('utf8')))
    const watcher = Number(await waitFor('the watcher pid', () => /^\d+\n/.exec(out)?.[0], 30_000))
    await waitFor('the watch to start', () => read(file) === 'watching\n', 60_000, 50)
    try {
      middle.kill('SIGKILL')
      const killedAt = Date.now()
      const said = await waitFor('the watcher to notice', () => read(file).startsWith('gone') && read(file), 10_000, 20)
      expect(said).toMatch(new RegExp(`^gone: the parent process ${middle.pid} is gone \\(re-parented to \\d+\\)\\n$`))
      expect(Date.now() - killedAt).toBeLessThan(PPID_POLL_MS + 1_000)
      await waitFor('the watcher to exit', () => !isRunning(watcher), 5_000, 20)
    } finally {
      if (isRunning(watcher)) process.kill(watcher, 'SIGKILL')
    }
  }, 90_000)

  it('sees a parent port close', async () => {
    const file = join(dir.path, 'port.txt')
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, 'fake-port'], { stdio: 'ignore' })
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    expect(await exit).toBe(0)
    expect(read(file)).toBe('gone: the parent port closed\n')
  }, 60_000)
})
