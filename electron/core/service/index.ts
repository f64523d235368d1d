import { mkdirSync } from 'node:fs'
import { Store } from '../store'
import { databaseFile } from '../paths'
import { EventHub } from './event-hub'
import type { ServiceContext } from './router'

export { router, type AppRouter, type ServiceContext } from './router'
export { EventHub } from './event-hub'
export { rpcErrorInterceptor } from './rpc-errors'

export const APP_VERSION = '0.1.0'

export interface Service {
  store: Store
  events: EventHub
  dataDir: string
  context(transport: ServiceContext['transport']): ServiceContext
  close(): void
}

/** Opens the data folder's database and everything the contract handlers need. */
export function openService(dataDir: string, options: { databasePath?: string } = {}): Service {
  mkdirSync(dataDir, { recursive: true })
  const store = Store.open(options.databasePath ?? databaseFile(dataDir))
  const events = new EventHub()
  return {
    store,
    events,
    dataDir,
    context: (transport) => ({ store, events, dataDir, appVersion: APP_VERSION, transport }),
    close() {
      events.flush()
      store.close()
    },
  }
}
