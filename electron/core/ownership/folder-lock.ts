/**
 * The data folder's owner lock: one process at a time runs jobs on a database. The lock is a
 * small JSON file beside the database (`continuum.db.lock` in the data folder) naming the
 * owner's pid, its kernel start time (Linux), its host and when it took the folder.
 *
 * It is created atomically: the content is written to a private temporary file first, then
 * hard-linked to the lock name, and link() fails with EEXIST if a lock is already there, so a
 * reader never sees a half-written lock and two processes never both win. A lock whose
 * process is gone (dead pid, or the same pid with another start time) is stale and is taken
 * over; age never matters, since a long training run legitimately holds the lock for days.
 * A lock from another host (a data folder on a network share) cannot be checked and is
 * never taken over automatically.
 */
import { randomBytes } from 'node:crypto'
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import { OwnerRole } from '../../../shared/schemas/system'
import { isAlive, selfIdentity } from './process-identity'

export const LockContent = z.strictObject({
  version: z.literal(1),
  pid: z.number().int().positive(),
  startTime: z.string().regex(/^\d+$/).nullable(),
  host: z.string().min(1).max(255),
  /** Milliseconds since the epoch. */
  startedAt: z.number().int().nonnegative(),
  role: OwnerRole,
})
export type LockContent = z.infer<typeof LockContent>

export const lockPathFor = (databasePath: string): string => join(dirname(databasePath), `${basename(databasePath)}.lock`)

export type LockState =
  | { kind: 'absent' }
  | { kind: 'held'; owner: LockContent }
  | { kind: 'stale'; owner: LockContent | null; reason: string }

/** What the lock file says, and whether its owner is still there. */
export function inspectLock(path: string): LockState {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' }
    throw e
  }
  let parsed: z.ZodSafeParseResult<LockContent>
  try {
    parsed = LockContent.safeParse(JSON.parse(text))
  } catch {
    // link() publishes only complete files, so garbage here was written by something else.
    return { kind: 'stale', owner: null, reason: `${path} is not valid JSON` }
  }
  if (!parsed.success) return { kind: 'stale', owner: null, reason: `${path} is not a Continuum lock (${parsed.error.issues[0]?.path.join('.') || 'content'}: ${parsed.error.issues[0]?.message})` }
  const owner = parsed.data
  if (owner.host !== hostname()) return { kind: 'held', owner }
  if (!isAlive({ pid: owner.pid, startTime: owner.startTime })) return { kind: 'stale', owner, reason: `process ${owner.pid} is gone` }
  return { kind: 'held', owner }
}

export const describeOwner = (o: Pick<LockContent, 'pid' | 'host' | 'startedAt' | 'role'>): string =>
  `${o.role === 'cli' ? 'the CLI' : o.role === 'serve' ? 'npm run serve' : 'the desktop app'} (pid ${o.pid} on ${o.host}, since ${new Date(o.startedAt).toISOString()})`

export interface HeldLock {
  readonly path: string
  readonly content: LockContent
  /** Removes the lock file if it is still ours. */
  release(): void
}

export type AcquireResult = { kind: 'owner'; lock: HeldLock } | { kind: 'reader'; owner: LockContent }

function tryLink(path: string, content: LockContent): boolean {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}`)
  writeFileSync(temp, JSON.stringify(content) + '\n', { flag: 'wx', mode: 0o644 })
  try {
    linkSync(temp, path)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw e
  } finally {
    unlinkSync(temp)
  }
}

const sameOwner = (a: LockContent | null, b: LockContent | null) => a !== null && b !== null && a.pid === b.pid && a.startTime === b.startTime && a.host === b.host && a.startedAt === b.startedAt

/**
 * Removing a stale lock is itself guarded: two processes that both found the same stale lock
 * must not let the slower one delete the faster one's fresh lock. The one that creates the
 * `.takeover` guard (O_EXCL) re-reads the lock and removes it only if it is still the stale
 * one; a guard left by a process that died in those few microseconds is itself stale.
 */
function removeStale(path: string, stale: LockState & { kind: 'stale' }, self: LockContent): void {
  const guard = `${path}.takeover`
  if (!tryLink(guard, self)) {
    const g = inspectLock(guard)
    if (g.kind === 'stale') unlinkIfSame(guard, g.owner)
    return
  }
  try {
    const now = inspectLock(path)
    if (now.kind === 'stale' && (sameOwner(now.owner, stale.owner) || (now.owner === null && stale.owner === null))) unlinkSync(path)
  } finally {
    unlinkSync(guard)
  }
}

function unlinkIfSame(path: string, owner: LockContent | null): void {
  try {
    const text = readFileSync(path, 'utf8')
    const parsed = LockContent.safeParse(JSON.parse(text))
    if ((parsed.success && sameOwner(parsed.data, owner)) || (!parsed.success && owner === null)) unlinkSync(path)
  } catch {
    // gone already, or unreadable: leave it
  }
}

/** Takes the lock if it is free or stale; otherwise says who holds it. */
export function acquireLock(path: string, role: LockContent['role'], now = Date.now()): AcquireResult {
  const me = selfIdentity()
  const content: LockContent = { version: 1, pid: me.pid, startTime: me.startTime, host: hostname(), startedAt: now, role }
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryLink(path, content)) {
      let released = false
      const release = () => {
        if (released) return
        released = true
        unlinkIfSame(path, content)
        process.off('exit', release)
      }
      // A normal exit (even process.exit()) removes the lock; a SIGKILL leaves it, stale.
      process.on('exit', release)
      return { kind: 'owner', lock: { path, content, release } }
    }
    const state = inspectLock(path)
    if (state.kind === 'held') return { kind: 'reader', owner: state.owner }
    if (state.kind === 'stale') removeStale(path, state, content)
  }
  const state = inspectLock(path)
  if (state.kind === 'held') return { kind: 'reader', owner: state.owner }
  throw new Error(`Could not take the lock ${path}: it keeps changing (${state.kind}).`)
}
