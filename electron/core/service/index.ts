import { mkdirSync } from 'node:fs'
import { cpus } from 'node:os'
import { prepareRun } from '../experiments/prepare'
import { Store } from '../store'
import { databaseFile } from '../paths'
import { Runner } from '../runner/runner'
import { forkWorker, type WorkerLauncher } from '../runner/worker-process'
import { EventHub } from './event-hub'
import type { ServiceContext } from './router'
import type { DataFolderControl } from '../system/data-folder'
import { ImportSources } from '../datasets/import-sources'
import { DEFAULT_MAX_IMPORT_BYTES } from '../datasets/read-source'
import { pathPolicy } from '../system/path-policy'

export { router, type AppRouter, type ServiceContext } from './router'
export { EventHub } from './event-hub'
export { rpcErrorInterceptor } from './rpc-errors'

export const APP_VERSION = '0.1.0'

export interface Service {
  store: Store
  events: EventHub
  runner: Runner
  dataDir: string
  context(transport: ServiceContext['transport']): ServiceContext
  /** Pauses running jobs at a checkpoint, then closes the database. */
  shutdown(): Promise<void>
  /** Closes at once (running workers are left to the runner's recovery at next start). */
  close(): void
}

export interface ServiceOptions {
  databasePath?: string
  /** How training workers start: a child process (default) or Electron's utilityProcess. */
  launcher?: WorkerLauncher
  /** Jobs at once (default: one per CPU core; cores are shared among running jobs). */
  concurrency?: number
  /** Leave queued jobs alone until asked (tests that only read the store). */
  autoStart?: boolean
  /** The desktop app's control over the data folder (Settings). */
  dataFolder?: DataFolderControl
  /** `npm run serve --allow-dir`: folders besides the data folder a client may import from and export to. */
  allowedDirs?: string[]
  /** The largest file an import reads (default 256 MiB). */
  maxImportBytes?: number
  /** The desktop app's native open dialog (main process): the chosen path, or null. */
  pickFile?: () => Promise<string | null>
}

/** Opens the data folder's database, the job runner and everything the contract handlers need. */
export function openService(dataDir: string, options: ServiceOptions = {}): Service {
  mkdirSync(dataDir, { recursive: true })
  const store = Store.open(options.databasePath ?? databaseFile(dataDir))
  const events = new EventHub()
  const launcher = options.launcher ?? forkWorker
  const runner = new Runner(store, events, {
    launcher,
    concurrency: options.concurrency ?? cpus().length,
    prepare: (run, resumeFrom, threads) => prepareRun(store, dataDir, run, resumeFrom, { threads }),
  })
  // Jobs that were running when the app last stopped are interrupted; they resume on request.
  runner.recover()
  if (options.autoStart ?? true) runner.wake()
  const maxImportBytes = options.maxImportBytes ?? DEFAULT_MAX_IMPORT_BYTES
  const imports = new ImportSources(dataDir, maxImportBytes)
  // Served over WebSocket, a client reads and writes only inside the data folder and the
  // allowed folders; the app's renderer imports only what the user picked in the dialog (or
  // files already in the data folder) and exports where the user typed.
  const served = pathPolicy([dataDir, ...(options.allowedDirs ?? [])])
  const dataOnly = pathPolicy([dataDir])
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    events.flush()
    store.close()
  }
  return {
    store,
    events,
    runner,
    dataDir,
    context: (transport) => ({
      store,
      events,
      runner,
      launcher,
      dataDir,
      appVersion: APP_VERSION,
      transport,
      imports,
      importLimits: { maxBytes: maxImportBytes },
      paths: transport === 'websocket' ? { read: served, write: served } : { read: dataOnly, write: null },
      ...(options.dataFolder ? { dataFolder: options.dataFolder } : {}),
      ...(options.pickFile ? { pickFile: options.pickFile } : {}),
    }),
    async shutdown() {
      await runner.shutdown('pause')
      close()
    },
    close,
  }
}
