import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { handleQuit } from '../../electron/main/quit'

class FakeApp extends EventEmitter {
  quits = 0
  quit(): void {
    this.quits++
    const event = { prevented: false, preventDefault() { this.prevented = true } }
    this.emit('before-quit', event)
    if (!event.prevented) this.emit('really-quit')
  }
}

function quitOnce(app: FakeApp) {
  const event = { prevented: false, preventDefault() { this.prevented = true } }
  app.emit('before-quit', event)
  return event
}

describe('quitting', () => {
  it('holds the quit until jobs pause, then closes the database and quits', async () => {
    const app = new FakeApp()
    let release!: () => void
    const service = { shutdown: vi.fn(() => new Promise<void>((r) => (release = r))), close: vi.fn() }
    const quitted = new Promise((r) => app.on('really-quit', r))
    handleQuit(app, () => service)
    expect(quitOnce(app).prevented).toBe(true)
    expect(quitOnce(app).prevented).toBe(true)
    expect(service.shutdown).toHaveBeenCalledTimes(1)
    expect(service.close).not.toHaveBeenCalled()
    release()
    await quitted
    expect(service.close).toHaveBeenCalledTimes(1)
  })

  it('quits after the time limit when jobs do not pause', async () => {
    vi.useFakeTimers()
    try {
      const app = new FakeApp()
      const log = vi.fn()
      const service = { shutdown: vi.fn(() => new Promise<void>(() => {})), close: vi.fn() }
      handleQuit(app, () => service, { timeoutMs: 1000, log })
      expect(quitOnce(app).prevented).toBe(true)
      vi.advanceTimersByTime(1000)
      expect(service.close).toHaveBeenCalledTimes(1)
      expect(app.quits).toBe(1)
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/did not pause in time/))
    } finally {
      vi.useRealTimers()
    }
  })

  it('quits when pausing fails, and at once without a service', async () => {
    const app = new FakeApp()
    const service = { shutdown: vi.fn(() => Promise.reject(new Error('boom'))), close: vi.fn() }
    const log = vi.fn()
    const quitted = new Promise((r) => app.on('really-quit', r))
    handleQuit(app, () => service, { log })
    quitOnce(app)
    await quitted
    expect(log).toHaveBeenCalledWith('Pausing jobs failed: boom')
    const bare = new FakeApp()
    handleQuit(bare, () => undefined)
    quitOnce(bare)
    expect(bare.quits).toBe(1)
  })
})
