import { mkdirSync } from 'node:fs'
import { cpus } from 'node:os'
import type { FolderOwner, OwnerRole } from '../../../shared'
import { prepareRun } from '../experiments/prepare'
import { Store } from '../store'
import { databaseFile } from '../paths'
import type { ClusterProfile } from '../../../shared/schemas/cluster-profile'
import { clusterExecutors } from '../cluster/saved-executor'
import { Runner, type JobControl } from '../runner/runner'
import { forkWorker, type WorkerLauncher } from '../runner/worker-process'
import { describeOwner, lockPathFor } from '../ownership/folder-lock'
import { Ownership } from '../ownership/ownership'
import { ControlPoller, RemoteControl } from '../ownership/remote-control'
import { StoreWatch } from '../ownership/store-watch'
import { EventHub } from '../events/event-hub'
import type { ServiceContext } from './router'
import type { DataFolderControl } from '../system/data-folder'
import { ImportSources } from '../datasets/import-sources'
import { DEFAULT_MAX_IMPORT_BYTES } from '../datasets/read-source'
import { pathPolicy } from '../system/path-policy'

export { router, type AppRouter, type ServiceContext } from './router'
export { EventHub } from '../events/event-hub'
export { rpcErrorInterceptor } from './rpc-errors'

export const APP_VERSION = '0.1.0'

export interface Service {
  store: Store
  events: EventHub
  /** This process's job queue; it runs jobs only while this process owns the data folder. */
  runner: Runner
  /** What the contract's handlers call: the runner when this process owns the folder, else requests to the owner. */
  jobs: JobControl
  dataDir: string
  /** Who runs the folder's jobs now. */
  owner(): FolderOwner
  /** Resolves once this process's recovery is done (at once for a reader). */
  ready: Promise<void>
  /** Called when this process takes the folder over (at open, or when the owner left). */
  onOwner(listener: () => void): void
  context(transport: ServiceContext['transport']): ServiceContext
  /** Pauses running jobs at a checkpoint, then closes the database and releases the folder. */
  shutdown(): Promise<void>
  /** Closes at once (running workers notice and pause themselves; recovery cleans up at the next start). */
  close(): void
}

export interface ServiceOptions {
  databasePath?: string
  /** How training workers start: a child process (default) or Electron's utilityProcess. */
  launcher?: WorkerLauncher
  /** The cluster for jobs placed on Slurm (the CLI's --cluster profile.json); default: the profile saved in the data folder (Settings). */
  cluster?: ClusterProfile
  /** Jobs at once (default: one per CPU core; cores are shared among running jobs). */
  concurrency?: number
  /** Cores shared among local jobs (default: all of this machine's). */
  cores?: number
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
  /** Who is opening the folder, as the lock and the UI name it (default: serve). */
  role?: OwnerRole
  /** False: a reader for good, never the owner (a dry run). */
  mayOwn?: boolean
}

/**
 * Opens the data folder's database and, if this process can take the folder's lock, the job
 * runner: the owner recovers (jobs whose workers are gone become interrupted; live orphans
 * are stopped first) and runs the queue. Otherwise this process is a reader: it never touches
 * a job's state itself, shows the store live, sends pause / resume / cancel to the owner, and
 * takes over when the owner goes.
 */
export function openService(dataDir: string, options: ServiceOptions = {}): Service {
  mkdirSync(dataDir, { recursive: true })
  const databasePath = options.databasePath ?? databaseFile(dataDir)
  const store = Store.open(databasePath, { dataDir })
  const events = new EventHub()
  const launcher = options.launcher ?? forkWorker
  const cluster = clusterExecutors(store, dataDir, options.cluster ?? null)
  const concurrency = options.concurrency ?? cpus().length
  const runner = new Runner(store, events, {
    launcher,
    cluster: cluster.current,
    concurrency,
    ...(options.cores ? { cores: options.cores } : {}),
    prepare: (run, resumeFrom, threads) => prepareRun(store, dataDir, run, resumeFrom, { threads }),
  })
  const watch = new StoreWatch(store, events)
  const poller = new ControlPoller(store, runner)
  const ownerListeners: (() => void)[] = []
  let resolveReady!: () => void
  const ready = new Promise<void>((r) => (resolveReady = r))
  const ownership = new Ownership({
    lockPath: databasePath === ':memory:' ? null : lockPathFor(databasePath),
    role: options.role ?? 'serve',
    mayOwn: options.mayOwn ?? true,
    onOwner: () => {
      watch.stop()
      const recovered = runner.start({ launch: options.autoStart ?? true })
      poller.start()
      events.publish({ type: 'owner.changed', owner: ownership.state() })
      void recovered.then(() => {
        resolveReady()
        for (const l of ownerListeners) l()
      })
    },
    onOwnerSeen: () => events.publish({ type: 'owner.changed', owner: ownership.state() }),
  })
  const remote = new RemoteControl(store, () => describeOwner(ownership.state()))
  const jobs: JobControl = {
    enqueue: (runId, deps) => (ownership.isOwner ? runner : remote).enqueue(runId, deps),
    pause: (runId) => (ownership.isOwner ? runner : remote).pause(runId),
    resume: (runId) => (ownership.isOwner ? runner : remote).resume(runId),
    cancel: (runId) => (ownership.isOwner ? runner : remote).cancel(runId),
    wake: () => (ownership.isOwner ? runner : remote).wake(),
  }
  ownership.open()
  if (!ownership.isOwner) {
    watch.start()
    resolveReady()
  }
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
    runner.stopSamples()
    watch.stop()
    poller.stop()
    // Cluster jobs go on; the next owner reattaches to them.
    cluster.close()
    events.flush()
    store.close()
    ownership.close()
  }
  return {
    store,
    events,
    runner,
    jobs,
    dataDir,
    owner: () => ownership.state(),
    ready,
    onOwner: (l) => void ownerListeners.push(l),
    context: (transport) => ({
      store,
      events,
      jobs,
      samples: runner,
      dataDir,
      concurrency,
      appVersion: APP_VERSION,
      transport,
      imports,
      importLimits: { maxBytes: maxImportBytes },
      paths: transport === 'websocket' ? { read: served, write: served } : { read: dataOnly, write: null },
      owner: () => ownership.state(),
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
