/**
 * The contract's router called in-process over a store, as the app calls it, with a runner
 * that never launches a job (its queue is never started): for tests of the handlers alone.
 * The runner and the router share `events`, so a test sees every event a call publishes.
 */
import { createRouterClient } from '@orpc/server'
import { ImportSources } from '../../electron/core/datasets/import-sources'
import { EventHub } from '../../electron/core/events/event-hub'
import { Runner } from '../../electron/core/runner/runner'
import { forkWorker } from '../../electron/core/runner/worker-process'
import { router, rpcErrorInterceptor, type ServiceContext } from '../../electron/core/service'
import type { Store } from '../../electron/core/store'
import { pathPolicy } from '../../electron/core/system/path-policy'

export interface RouterClientOptions {
  dataDir: string
  events?: EventHub
  concurrency?: number
  transport?: ServiceContext['transport']
  /** The one folder imports may read (default: `dataDir`). */
  readable?: string
}

export function routerClient(store: Store, o: RouterClientOptions) {
  const events = o.events ?? new EventHub()
  const concurrency = o.concurrency ?? 1
  const runner = new Runner(store, events, { concurrency, launcher: forkWorker, prepare: () => Promise.reject(new Error('no jobs in these tests')) })
  const readable = o.readable ?? o.dataDir
  const context: ServiceContext = {
    store,
    events,
    jobs: runner,
    samples: runner,
    owner: () => ({ pid: process.pid, host: 'test', startedAt: 0, role: 'serve', self: true }),
    dataDir: o.dataDir,
    concurrency,
    appVersion: 'test',
    imports: new ImportSources(readable),
    importLimits: {},
    paths: { read: pathPolicy([readable]), write: null },
    transport: o.transport ?? 'ipc',
  }
  return createRouterClient(router, { context, interceptors: [rpcErrorInterceptor] })
}
