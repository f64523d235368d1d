import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { adaptUtilityProcess, appendTail, STDERR_TAIL_BYTES, translateExit, utilityLauncherOf, type UtilityFork, type UtilityProcessLike } from '../../electron/main/utility-adapter'
import { workerEntry } from '../../electron/core/runner/worker-process'
import type { FromWorker } from '../../electron/core/jobs/protocol'

/**
 * Electron's UtilityProcess as far as the adapter uses it (there is no Electron binary on the
 * machines that run these tests); utility-launcher.ts type-checks Electron's real
 * `utilityProcess.fork` against the same UtilityFork shape.
 */
class FakeUtilityProcess extends EventEmitter implements UtilityProcessLike {
  pid: number | undefined = undefined
  stderr = new EventEmitter()
  stdout = new EventEmitter()
  posted: unknown[] = []
  kills = 0
  postMessage(message: unknown): void {
    this.posted.push(message)
  }
  kill(): boolean {
    this.kills++
    return true
  }
}

const nextTick = () => new Promise((r) => setImmediate(r))

describe('utilityProcess adapter', () => {
  it('validates messages and passes good ones through', () => {
    const child = new FakeUtilityProcess()
    const handle = adaptUtilityProcess(child)
    const got: FromWorker[] = []
    handle.onMessage((m) => got.push(m))
    child.emit('message', { type: 'done', outcome: 'paused' })
    child.emit('message', { type: 'progress', step: 'x' })
    expect(got[0]).toEqual({ type: 'done', outcome: 'paused' })
    expect(got[1]).toMatchObject({ type: 'error', error: { kind: 'PROTOCOL' } })
  })

  it('sends until the process exits, and reads the pid when it is known', async () => {
    const child = new FakeUtilityProcess()
    const handle = adaptUtilityProcess(child)
    expect(handle.pid).toBeUndefined()
    child.pid = 4242
    expect(handle.pid).toBe(4242)
    handle.send({ type: 'pause' })
    child.emit('exit', 0)
    handle.send({ type: 'cancel' })
    expect(child.posted).toEqual([{ type: 'pause' }])
    await nextTick()
  })

  it('reports the exit with the stderr tail', async () => {
    const child = new FakeUtilityProcess()
    const handle = adaptUtilityProcess(child)
    const exits: unknown[] = []
    handle.onExit((e) => exits.push(e))
    child.stderr.emit('data', Buffer.from('Error: out of cheese\n'))
    child.emit('exit', 1)
    child.stderr.emit('data', 'at the very end\n')
    await nextTick()
    expect(exits).toEqual([{ code: 1, signal: null, stderrTail: 'Error: out of cheese\nat the very end\n' }])
  })

  it('reports our own kill as the signal we sent', async () => {
    const child = new FakeUtilityProcess()
    const handle = adaptUtilityProcess(child)
    const exits: unknown[] = []
    handle.onExit((e) => exits.push(e))
    handle.kill('SIGKILL')
    expect(child.kills).toBe(1)
    child.emit('exit', 137)
    await nextTick()
    expect(exits).toEqual([{ code: null, signal: 'SIGKILL', stderrTail: '' }])
  })

  it('keeps only the tail of stderr, and translates exits', () => {
    const tail = appendTail('a'.repeat(STDERR_TAIL_BYTES), 'xyz')
    expect(tail.length).toBe(STDERR_TAIL_BYTES)
    expect(tail.endsWith('xyz')).toBe(true)
    expect(translateExit(0, null)).toEqual({ code: 0, signal: null })
    expect(translateExit(0, 'SIGTERM')).toEqual({ code: 0, signal: null })
    expect(translateExit(15, 'SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' })
  })

  it('launches the worker entry through the fork it is given, passing its stdout through and speaking the protocol', async () => {
    const forks: Parameters<UtilityFork>[] = []
    const children: FakeUtilityProcess[] = []
    const out: string[] = []
    const launch = utilityLauncherOf(
      (...args) => {
        forks.push(args)
        const child = new FakeUtilityProcess()
        children.push(child)
        return child
      },
      (chunk) => void out.push(chunk.toString('utf8')),
    )
    const handle = launch()
    const entry = workerEntry()
    expect(forks).toEqual([[entry.file, [], { serviceName: 'Continuum training worker', stdio: 'pipe', execArgv: entry.execArgv }]])
    const child = children[0]!
    child.stdout.emit('data', Buffer.from('[worker] ready\n'))
    expect(out).toEqual(['[worker] ready\n'])
    handle.send({ type: 'pause' })
    expect(child.posted).toEqual([{ type: 'pause' }])
    const exits: unknown[] = []
    handle.onExit((e) => exits.push(e))
    child.emit('exit', 0)
    await nextTick()
    expect(exits).toEqual([{ code: 0, signal: null, stderrTail: '' }])
    // A second launch is a second process.
    launch()
    expect(children).toHaveLength(2)
  })
})
