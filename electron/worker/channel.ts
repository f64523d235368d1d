/**
 * The worker's line to its parent, whichever way it was started: Electron's utilityProcess
 * (process.parentPort) in the desktop app, or child_process.fork (process.send) under the web
 * host, the CLI and tests.
 */
import type { FromWorker } from '../core/jobs/protocol'

interface ParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

export interface Channel {
  send(message: FromWorker): Promise<void>
  onMessage(listener: (message: unknown) => void): void
}

export function parentChannel(): Channel {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
  if (parentPort)
    return {
      send: async (m) => parentPort.postMessage(m),
      onMessage: (listener) => parentPort.on('message', (e) => listener(e.data)),
    }
  if (process.send)
    return {
      // With a callback, a send on a closed channel reports to it instead of throwing.
      send: (m) => new Promise<void>((resolve) => (process.connected ? process.send!(m, undefined, {}, () => resolve()) : resolve())),
      onMessage: (listener) => process.on('message', listener),
    }
  throw new Error('The training worker must be started by Continuum (no parent channel).')
}
