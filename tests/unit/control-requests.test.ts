/**
 * A reader's control request ends exactly one way, answered or expired, and what the reader
 * reports is what happened. Real SQLite; the owner's side is the repo's `answer`, given a clock
 * of its own to play an owner whose clock is behind the reader's (another host, or a wrong
 * clock), where the owner's deadline check alone would let a late request through.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { RemoteControl, REPLY_WAIT_MS } from '../../electron/core/ownership/remote-control'
import { type Store } from '../../electron/core/store'
import { storeWithHandRun } from '../helpers/hand-run'

let store: Store
let runId: number
beforeEach(() => void ({ store, runId } = storeWithHandRun()))

describe('a control request', () => {
  it('answered first cannot be expired, and the reader reads the answer', () => {
    const r = store.controlRequests.add('pause', runId, Date.now() + 60_000)
    expect(store.controlRequests.answer(r.id, () => ({ kind: 'CONFLICT', message: 'Run 1 has already completed' }))).toBe(true)
    expect(store.controlRequests.expire(r.id)).toBe(false)
    expect(store.controlRequests.get(r.id)).toMatchObject({ expiredAt: null, handledAt: expect.any(Number), error: { kind: 'CONFLICT', message: 'Run 1 has already completed' } })
    expect(store.controlRequests.pending()).toEqual([])
  })

  it('expired first is never applied, whatever the owner’s clock says', () => {
    const deadline = Date.now() + 60_000
    const r = store.controlRequests.add('pause', runId, deadline)
    expect(store.controlRequests.expire(r.id)).toBe(true)
    let applied = false
    expect(store.controlRequests.answer(r.id, () => ((applied = true), null), deadline - 30_000)).toBe(false)
    expect(applied).toBe(false)
    expect(store.controlRequests.get(r.id)).toMatchObject({ handledAt: null, expiredAt: expect.any(Number) })
  })

  it('past its deadline is refused by the owner and marked expired; a wake has no deadline', () => {
    const now = Date.now()
    const late = store.controlRequests.add('cancel', runId, now)
    const wake = store.controlRequests.add('wake', null, null)
    const applied: number[] = []
    expect(store.controlRequests.answer(late.id, () => (applied.push(late.id), null), now)).toBe(false)
    expect(store.controlRequests.answer(wake.id, () => (applied.push(wake.id), null))).toBe(true)
    expect(applied).toEqual([wake.id])
    expect(store.controlRequests.get(late.id)).toMatchObject({ handledAt: null, expiredAt: now })
  })

  it('that the reader gave up on is reported applied exactly when it was, even if the owner answers at the deadline with its clock behind', async () => {
    const reader = new RemoteControl(store, () => 'the CLI (pid 1)')
    const started = Date.now()
    const outcome = reader.pause(runId).then(
      () => 'applied',
      (e: Error) => e.message,
    )
    const [request] = store.controlRequests.pending()
    // Just past the reader's deadline by the reader's clock, 1 s before it by the owner's.
    await new Promise((r) => setTimeout(r, REPLY_WAIT_MS - (Date.now() - started) + 1))
    let applied = false
    store.controlRequests.answer(request!.id, () => ((applied = true), null), started + REPLY_WAIT_MS - 1_000)
    const said = await outcome
    if (applied) expect(said).toBe('applied')
    else expect(said).toContain(`did not answer the pause request for run ${runId} within ${REPLY_WAIT_MS / 1000} s, so it was withdrawn and not applied`)
  }, 20_000)
})
