/**
 * Quitting: the first `before-quit` is held back while running jobs pause at a checkpoint
 * (with a time limit), then the database closes and the app quits for real. Written against
 * a tiny app shape so it is unit-tested without Electron.
 */
export interface QuitApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown
  quit(): void
}

export interface QuitService {
  shutdown(): Promise<void>
  close(): void
}

export const QUIT_TIMEOUT_MS = 20_000

export function handleQuit(app: QuitApp, service: () => QuitService | undefined, options: { timeoutMs?: number; log?: (m: string) => void } = {}): void {
  let state: 'running' | 'stopping' | 'done' = 'running'
  app.on('before-quit', (event) => {
    if (state === 'done') return
    event.preventDefault()
    if (state === 'stopping') return
    state = 'stopping'
    const s = service()
    const finish = () => {
      if (state === 'done') return
      state = 'done'
      try {
        s?.close()
      } finally {
        app.quit()
      }
    }
    if (!s) return finish()
    const timer = setTimeout(() => {
      options.log?.('Running jobs did not pause in time; quitting anyway (they resume from their last checkpoint).')
      finish()
    }, options.timeoutMs ?? QUIT_TIMEOUT_MS)
    s.shutdown()
      .catch((error: unknown) => options.log?.(`Pausing jobs failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        clearTimeout(timer)
        finish()
      })
  })
}
