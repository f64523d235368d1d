/**
 * The renderer's connection to the main process or the local host, made once at start-up
 * (outside React, so strict-mode double renders never open two sockets). Its state is a tiny
 * external store the header and the error reporting read.
 */
import { createClient, type ApiClient } from './client'

export type Transport = 'ipc' | 'websocket'

/** `connecting` until the socket opens; `lost` once an open socket closes; `refused` if it never opened. */
export type ConnectionState = 'connecting' | 'open' | 'lost' | 'refused'

export interface Connection {
  client: ApiClient
  transport: Transport
  getState(): ConnectionState
  subscribe(listener: () => void): () => void
}

export type ConnectResult = { ok: true; connection: Connection } | { ok: false; reason: 'no-token' | 'failed'; message: string }

export function connect(): ConnectResult {
  let created: ReturnType<typeof createClient>
  try {
    created = createClient()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { ok: false, reason: /token/i.test(message) ? 'no-token' : 'failed', message }
  }
  const { client, transport, socket } = created
  let state: ConnectionState = socket ? 'connecting' : 'open'
  const listeners = new Set<() => void>()
  const set = (next: ConnectionState) => {
    if (next === state) return
    state = next
    for (const listener of listeners) listener()
  }
  if (socket) {
    if (socket.readyState === WebSocket.OPEN) state = 'open'
    socket.addEventListener('open', () => set('open'))
    socket.addEventListener('close', () => set(state === 'connecting' ? 'refused' : 'lost'))
  }
  return {
    ok: true,
    connection: {
      client,
      transport,
      getState: () => state,
      subscribe(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
  }
}
