import { createContext, use, useSyncExternalStore, type ReactNode } from 'react'
import type { ApiClient } from './client'
import type { Connection, ConnectionState, Transport } from './connection'

const ConnectionContext = createContext<Connection | null>(null)

export function ApiProvider({ connection, children }: { connection: Connection; children: ReactNode }) {
  return <ConnectionContext value={connection}>{children}</ConnectionContext>
}

function useConnection(): Connection {
  const connection = use(ConnectionContext)
  if (!connection) throw new Error('useApi() needs an <ApiProvider> above it')
  return connection
}

/** The typed contract client. Pages use nothing else to reach the main process. */
export function useApi(): ApiClient {
  return useConnection().client
}

export function useTransport(): Transport {
  return useConnection().transport
}

export function useConnectionState(): ConnectionState {
  const connection = useConnection()
  return useSyncExternalStore(connection.subscribe, connection.getState)
}

/** For effects that must watch the state without re-rendering, e.g. to notify once. */
export function useConnectionObject(): Connection {
  return useConnection()
}
