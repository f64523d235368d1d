/**
 * The main-process side of the contract. `implement(contract)` makes a missing or mistyped
 * handler a compile error; zod validates every input before a handler runs.
 */
import { implement } from '@orpc/server'
import { contract } from '../../../shared/contract'
import { ExperimentCreate, RunCreate } from '../../../shared'
import type { Store } from '../store'
import type { EventHub } from './event-hub'

export interface ServiceContext {
  store: Store
  events: EventHub
  dataDir: string
  appVersion: string
  transport: 'ipc' | 'websocket'
}

const os = implement(contract).$context<ServiceContext>()

export const router = os.router({
  system: {
    info: os.system.info.handler(({ context }) => ({
      appVersion: context.appVersion,
      transport: context.transport,
      platform: process.platform,
      dataDir: context.dataDir,
      databasePath: context.store.path,
      schemaVersion: context.store.schemaVersion,
      counts: context.store.counts(),
    })),
  },
  experiments: {
    list: os.experiments.list.handler(({ context }) => context.store.experiments.list()),
    get: os.experiments.get.handler(({ context, input }) => context.store.experiments.get(input.id)),
    create: os.experiments.create.handler(({ context, input }) =>
      context.store.experiments.create(ExperimentCreate.parse(input) as Required<ExperimentCreate>),
    ),
  },
  runs: {
    list: os.runs.list.handler(({ context, input }) => context.store.runs.list(input)),
    get: os.runs.get.handler(({ context, input }) => context.store.runs.summary(input.id)),
    create: os.runs.create.handler(({ context, input }) => {
      const run = context.store.runs.create(RunCreate.parse(input) as Required<RunCreate>)
      context.events.publish({ type: 'run.changed', run })
      return run
    }),
    update: os.runs.update.handler(({ context, input }) => {
      const run = context.store.runs.update(input)
      context.events.publish({ type: 'run.changed', run })
      return run
    }),
  },
  metrics: {
    append: os.metrics.append.handler(({ context, input }) => {
      context.store.runs.get(input.runId)
      const written = context.store.metrics.append(input.runId, input.points)
      context.events.publish({
        type: 'metrics.appended',
        runId: input.runId,
        keys: [...new Set(input.points.map((p) => p.key))],
        count: written,
        lastStep: Math.max(...input.points.map((p) => p.step)),
      })
      return { written }
    }),
    keys: os.metrics.keys.handler(({ context, input }) => context.store.metrics.keys(input.runId)),
    series: os.metrics.series.handler(({ context, input }) => context.store.series.query(input)),
  },
  checkpoints: {
    list: os.checkpoints.list.handler(({ context, input }) =>
      input.runId === undefined ? context.store.checkpoints.listAll() : context.store.checkpoints.listByRun(input.runId),
    ),
    get: os.checkpoints.get.handler(({ context, input }) => context.store.checkpoints.get(input.id)),
  },
  evaluations: {
    list: os.evaluations.list.handler(({ context, input }) => context.store.evaluations.listByCheckpoint(input.checkpointId)),
  },
  events: {
    subscribe: os.events.subscribe.handler(async function* ({ context, signal }) {
      for await (const event of context.events.subscribe(signal)) yield event
    }),
  },
})

export type AppRouter = typeof router
