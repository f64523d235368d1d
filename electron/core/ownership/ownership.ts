/**
 * Which process runs a data folder's jobs. Opening the folder tries to take its lock
 * (folder-lock.ts): the winner is the owner; every other process is a reader. A reader checks
 * the lock every second and takes the folder over as soon as the owner is gone (its lock
 * removed, or its process dead), so closing the CLI hands the queue to an open app.
 */
import { hostname } from 'node:os'
import type { FolderOwner, OwnerRole } from '../../../shared'
import { acquireLock, inspectLock, type HeldLock, type LockContent } from './folder-lock'

export const TAKEOVER_POLL_MS = 1_000

export interface OwnershipOptions {
  /** The lock file; null for an in-memory database (nothing to share). */
  lockPath: string | null
  role: OwnerRole
  /** False: stay a reader for good (a dry run, a read-only look). */
  mayOwn: boolean
  onOwner(): void
  /** A reader saw another process become the owner (or the owner leave). */
  onOwnerSeen?(): void
}

export class Ownership {
  private lock: HeldLock | null = null
  private owner: LockContent | null = null
  private timer: ReturnType<typeof setInterval> | undefined
  private closed = false
  private readonly startedAt = Date.now()

  constructor(private readonly options: OwnershipOptions) {}

  /** Takes the folder if it is free; otherwise starts watching for the owner to go. */
  open(): void {
    if (this.options.lockPath === null) {
      if (this.options.mayOwn) this.options.onOwner()
      return
    }
    this.attempt()
    if (!this.isOwner) {
      this.timer = setInterval(() => this.attempt(), TAKEOVER_POLL_MS)
      // Watching must not keep a process alive that is otherwise done.
      this.timer.unref()
    }
  }

  get isOwner(): boolean {
    return this.lock !== null || (this.options.lockPath === null && this.options.mayOwn)
  }

  state(): FolderOwner {
    if (this.lock) return { ...pick(this.lock.content), self: true }
    if (this.options.lockPath === null && this.options.mayOwn)
      return { pid: process.pid, host: hostname(), startedAt: this.startedAt, role: this.options.role, self: true }
    if (this.owner) return { ...pick(this.owner), self: false }
    // Between an owner leaving and the next check.
    return { pid: 0, host: hostname(), startedAt: 0, role: this.options.role, self: false }
  }

  private attempt(): void {
    if (this.closed || this.lock || this.options.lockPath === null) return
    if (!this.options.mayOwn) {
      const state = inspectLock(this.options.lockPath)
      this.see(state.kind === 'held' ? state.owner : null)
      return
    }
    const result = acquireLock(this.options.lockPath, this.options.role)
    if (result.kind === 'reader') {
      this.see(result.owner)
      return
    }
    this.lock = result.lock
    this.owner = null
    if (this.timer) clearInterval(this.timer)
    this.options.onOwner()
  }

  private see(owner: LockContent | null): void {
    const before = this.owner
    this.owner = owner
    const same = before === null || owner === null ? before === owner : before.pid === owner.pid && before.startedAt === owner.startedAt && before.host === owner.host
    if (!same) this.options.onOwnerSeen?.()
  }

  close(): void {
    this.closed = true
    if (this.timer) clearInterval(this.timer)
    this.lock?.release()
    this.lock = null
  }
}

const pick = (c: LockContent) => ({ pid: c.pid, host: c.host, startedAt: c.startedAt, role: c.role })
