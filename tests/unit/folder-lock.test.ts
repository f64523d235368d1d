import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { acquireLock, inspectLock, lockPathFor, type LockContent } from '../../electron/core/ownership/folder-lock'
import { isAlive, processStartTime, procStat } from '../../electron/core/ownership/process-identity'
import { deadPid } from '../helpers/processes'
import { tempDir } from '../helpers/temp'

let tmp: ReturnType<typeof tempDir>
let path: string
beforeEach(() => {
  tmp = tempDir()
  path = lockPathFor(join(tmp.path, 'continuum.db'))
})
afterEach(() => tmp.cleanup())

const lock = (over: Partial<LockContent>): LockContent => ({ version: 1, pid: process.pid, startTime: processStartTime(process.pid), host: hostname(), startedAt: 1_700_000_000_000, role: 'cli', ...over })
const write = (content: unknown) => writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))

describe('process identity', () => {
  it('reads its own start time from /proc and sees itself alive, a dead pid dead, and a reused pid (other start time) dead', () => {
    const mine = processStartTime(process.pid)
    expect(mine).toMatch(/^\d+$/)
    // Field 22 of /proc/self/stat, counted by hand.
    const stat = readFileSync('/proc/self/stat', 'utf8')
    expect(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]).toBe(mine)
    expect(procStat(process.pid)?.ppid).toBe(process.ppid)
    expect(isAlive({ pid: process.pid, startTime: mine })).toBe(true)
    expect(isAlive({ pid: deadPid(), startTime: null })).toBe(false)
    expect(isAlive({ pid: process.pid, startTime: String(Number(mine) + 1) })).toBe(false)
  })
})

describe('the data folder lock', () => {
  it('is taken atomically with pid, start time, host and role, and released on close', () => {
    const r = acquireLock(path, 'serve', 1234)
    expect(r.kind).toBe('owner')
    const content = JSON.parse(readFileSync(path, 'utf8'))
    expect(content).toEqual({ version: 1, pid: process.pid, startTime: processStartTime(process.pid), host: hostname(), startedAt: 1234, role: 'serve' })
    if (r.kind === 'owner') r.lock.release()
    expect(existsSync(path)).toBe(false)
  })

  it('makes a second opener a reader that is told who owns the folder', () => {
    const first = acquireLock(path, 'cli')
    const second = acquireLock(path, 'serve')
    expect(second).toEqual({ kind: 'reader', owner: expect.objectContaining({ pid: process.pid, role: 'cli' }) })
    if (first.kind === 'owner') first.lock.release()
  })

  it('takes over a lock whose process is dead, however recent', () => {
    write(lock({ pid: deadPid(), startedAt: Date.now() }))
    expect(inspectLock(path)).toMatchObject({ kind: 'stale', reason: expect.stringContaining('is gone') })
    const r = acquireLock(path, 'cli')
    expect(r.kind).toBe('owner')
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid)
  })

  it('takes over a lock whose pid is alive but started at another time (a reused pid)', () => {
    write(lock({ startTime: '1' }))
    expect(acquireLock(path, 'serve').kind).toBe('owner')
  })

  it('never takes over a lock however old while its process lives', () => {
    write(lock({ startedAt: 0 }))
    expect(acquireLock(path, 'serve')).toMatchObject({ kind: 'reader', owner: { startedAt: 0 } })
  })

  it('leaves a lock from another host alone (its liveness cannot be checked from here)', () => {
    write(lock({ pid: deadPid(), host: 'elsewhere.example' }))
    expect(acquireLock(path, 'serve')).toMatchObject({ kind: 'reader', owner: { host: 'elsewhere.example' } })
  })

  it('treats a file that is not a lock as stale, naming the problem', () => {
    write('{"pid": "one"}')
    expect(inspectLock(path)).toMatchObject({ kind: 'stale', owner: null, reason: expect.stringContaining('is not a Continuum lock') })
    write('not json')
    expect(inspectLock(path)).toMatchObject({ kind: 'stale', reason: expect.stringContaining('not valid JSON') })
    expect(acquireLock(path, 'cli').kind).toBe('owner')
  })

  it('release leaves another process’s lock in place', () => {
    const r = acquireLock(path, 'cli')
    if (r.kind !== 'owner') throw new Error('expected to own')
    const theirs = lock({ pid: 1, startTime: processStartTime(1) })
    write(theirs)
    r.lock.release()
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(theirs)
  })
})
