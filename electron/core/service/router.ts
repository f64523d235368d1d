/**
 * The main-process side of the contract. `implement(contract)` makes a missing or mistyped
 * handler a compile error; zod validates every input before a handler runs.
 */
import { implement } from '@orpc/server'
import { contract } from '../../../shared/contract'
import { RunCreate, type FolderOwner } from '../../../shared'
import type { Store } from '../store'
import type { EventHub } from '../events/event-hub'
import type { JobControl, Runner } from '../runner/runner'
import { deleteCheckpoint, exportCheckpoint, generateFromCheckpoint } from '../experiments/checkpoint-actions'
import { addExperiment, planExperiment, queueEvaluation } from '../app/experiments'
import { appendMetrics, pinCheckpoint } from '../app/records'
import { createRun, updateRun } from '../app/run-lifecycle'
import type { ReadLimits } from '../datasets'
import type { ImportSources } from '../datasets/import-sources'
import { deleteDataset, previewDataset } from '../datasets/manage'
import type { PathPolicy } from '../system/path-policy'
import { writablePath } from '../system/path-policy'
import { importCorpusFromContract, importTaskFromContract } from './import-handlers'
import { parseSchedule } from '../experiments/create'
import { evaluationRows } from '../experiments/evaluation-rows'
import { experimentTasks } from '../experiments/task-info'
import { studyTemplate } from '../experiments/templates'
import { AppError } from '../errors'
import { probeBackends } from '../system/backend-probe'
import { fixedDataFolder, type DataFolderControl } from '../system/data-folder'
import { readClusterProfile, writeClusterProfile } from '../system/cluster-profile-file'
import { testClusterProfile } from '../system/slurm-probe'
import { estimatePlacement, savedTarget } from '../experiments/placement'

export interface ServiceContext {
  store: Store
  events: EventHub
  /** The job queue: this process's runner if it owns the data folder, else requests to the owner. */
  jobs: JobControl
  /** Who owns the data folder. */
  owner(): FolderOwner
  /** Generation from a checkpoint: this process's runner, whether or not it owns the folder. */
  samples: Pick<Runner, 'generate'>
  dataDir: string
  /** Jobs the local runner runs at once (a dry run's slots on this machine). */
  concurrency: number
  appVersion: string
  transport: 'ipc' | 'websocket'
  /** Present in the desktop app, where the data folder can be changed for the next start. */
  dataFolder?: DataFolderControl
  /** Picked files and uploads an import may name. */
  imports: ImportSources
  importLimits: ReadLimits
  /** Where a client may read (imports) and write (exports); null: anywhere. */
  paths: { read: PathPolicy; write: PathPolicy | null }
  /** Desktop app: the native open dialog. */
  pickFile?: () => Promise<string | null>
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
    backends: os.system.backends.handler(() => probeBackends()),
    owner: os.system.owner.handler(({ context }) => context.owner()),
    dataFolder: os.system.dataFolder.handler(({ context }) => context.dataFolder?.state() ?? fixedDataFolder(context.dataDir)),
    setDataDir: os.system.setDataDir.handler(({ context, input }) => {
      if (!context.dataFolder) throw new AppError('UNSUPPORTED', fixedDataFolder(context.dataDir).reason!)
      return context.dataFolder.set(input.dataDir)
    }),
  },
  cluster: {
    profile: os.cluster.profile.handler(({ context }) => readClusterProfile(context.dataDir)),
    saveProfile: os.cluster.saveProfile.handler(({ context, input }) => writeClusterProfile(context.dataDir, input.profile)),
    test: os.cluster.test.handler(({ context, input }) => testClusterProfile(input.profile, { folders: context.paths.write })),
  },
  experiments: {
    list: os.experiments.list.handler(({ context }) => context.store.experiments.list()),
    get: os.experiments.get.handler(({ context, input }) => context.store.experiments.get(input.id)),
    create: os.experiments.create.handler(async ({ context, input }) => {
      // A cluster placement needs a saved profile: refused here, naming what is missing, not at launch.
      if (input.executor === 'slurm') await savedTarget('slurm', context.dataDir, context.concurrency)
      const result = await addExperiment(context, context.dataDir, input.schedule, input.executor)
      context.jobs.wake()
      return result
    }),
    dryRun: os.experiments.dryRun.handler(async ({ context, input }) => {
      const { jobs, throughput, estimate } = await planExperiment(context.store, context.dataDir, parseSchedule(input.schedule))
      return {
        ...estimate,
        tokensPerSecond: throughput.tokensPerSecond,
        throughputSource: throughput.source,
        plan: jobs.map((j) => ({ key: j.key, name: j.name, kind: j.kind, steps: j.steps, tokens: j.tokens, dependsOn: j.dependsOn })),
        placement: estimatePlacement(jobs, throughput.tokensPerSecond, await savedTarget(input.executor, context.dataDir, context.concurrency)),
      }
    }),
    template: os.experiments.template.handler(({ input }) => studyTemplate({ scale: input.scale, seed: input.seed }) as Record<string, unknown>),
    tasks: os.experiments.tasks.handler(({ context, input }) => experimentTasks(context.store, context.dataDir, input.experimentId)),
  },
  runs: {
    list: os.runs.list.handler(({ context, input }) => {
      if (input.experimentId !== undefined) context.store.experiments.get(input.experimentId)
      return context.store.runs.list(input)
    }),
    get: os.runs.get.handler(({ context, input }) => context.store.runs.summary(input.id)),
    create: os.runs.create.handler(({ context, input }) => {
      // Named NOT_FOUND here rather than a foreign-key failure from SQLite.
      if (input.experimentId != null) context.store.experiments.get(input.experimentId)
      if (input.parentCheckpointId != null) context.store.checkpoints.get(input.parentCheckpointId)
      return createRun(context, RunCreate.parse(input))
    }),
    update: os.runs.update.handler(({ context, input }) => {
      return updateRun(context, input)
    }),
    pause: os.runs.pause.handler(async ({ context, input }) => {
      context.store.runs.get(input.id)
      await context.jobs.pause(input.id)
      return context.store.runs.get(input.id)
    }),
    resume: os.runs.resume.handler(async ({ context, input }) => {
      await context.jobs.resume(input.id)
      return context.store.runs.get(input.id)
    }),
    cancel: os.runs.cancel.handler(async ({ context, input }) => {
      await context.jobs.cancel(input.id)
      return context.store.runs.get(input.id)
    }),
  },
  metrics: {
    append: os.metrics.append.handler(({ context, input }) => {
      context.store.runs.get(input.runId)
      return { written: appendMetrics(context, input.runId, input.points) }
    }),
    keys: os.metrics.keys.handler(({ context, input }) => {
      context.store.runs.get(input.runId)
      return context.store.metrics.keys(input.runId)
    }),
    seriesMany: os.metrics.seriesMany.handler(({ context, input }) => {
      for (const runId of new Set(input.series.map((s) => s.runId))) context.store.runs.get(runId)
      return input.series.map((s) => context.store.series.query({ ...s, maxBuckets: input.maxBuckets }))
    }),
  },
  checkpoints: {
    list: os.checkpoints.list.handler(({ context, input }) => {
      if (input.runId === undefined) return context.store.checkpoints.listAll()
      context.store.runs.get(input.runId)
      return context.store.checkpoints.listByRun(input.runId)
    }),
    get: os.checkpoints.get.handler(({ context, input }) => context.store.checkpoints.get(input.id)),
    generate: os.checkpoints.generate.handler(({ context, input, signal }) => {
      const { id, ...request } = input
      return generateFromCheckpoint(context.store, context.samples, id, request, signal)
    }),
    evaluate: os.checkpoints.evaluate.handler(({ context, input }) => {
      const { id, ...plan } = input
      return queueEvaluation(context, context.jobs, id, plan)
    }),
    export: os.checkpoints.export.handler(async ({ context, input }) => ({
      path: await exportCheckpoint(context.store, input.id, await writablePath(context.paths.write, input.destination)),
    })),
    delete: os.checkpoints.delete.handler(({ context, input }) => deleteCheckpoint(context.store, input.id)),
    pin: os.checkpoints.pin.handler(({ context, input }) => {
      return pinCheckpoint(context, input.id, input.pinned)
    }),
  },
  datasets: {
    list: os.datasets.list.handler(({ context }) => context.store.datasets.list()),
    importCorpus: os.datasets.importCorpus.handler(({ context, input }) => importCorpusFromContract(context, input)),
    importTask: os.datasets.importTask.handler(({ context, input }) => importTaskFromContract(context, input)),
    pickFile: os.datasets.pickFile.handler(async ({ context }) => {
      if (!context.pickFile) throw new AppError('UNSUPPORTED', 'Choosing a file by dialog is for the desktop app; in a browser, upload the file.')
      const path = await context.pickFile()
      return path === null ? null : context.imports.pick(path)
    }),
    upload: os.datasets.upload.handler(({ context, input }) =>
      context.imports.append({ ...(input.id ? { id: input.id } : {}), fileName: input.fileName, offset: input.offset, data: Buffer.from(input.base64, 'base64') }),
    ),
    preview: os.datasets.preview.handler(({ context, input }) => previewDataset(context.store, input.id, input.limit)),
    setLearned: os.datasets.setLearned.handler(({ context, input }) => context.store.datasets.setLearned(input.id, input.learned)),
    delete: os.datasets.delete.handler(({ context, input }) => deleteDataset(context.store, input.id)),
  },
  evaluations: {
    list: os.evaluations.list.handler(({ context, input }) => {
      context.store.checkpoints.get(input.checkpointId)
      return context.store.evaluations.listByCheckpoint(input.checkpointId)
    }),
    forExperiment: os.evaluations.forExperiment.handler(({ context, input }) => {
      context.store.experiments.get(input.experimentId)
      return evaluationRows(context.store, input.experimentId)
    }),
    itemsForExperiment: os.evaluations.itemsForExperiment.handler(({ context, input }) => {
      context.store.experiments.get(input.experimentId)
      return [...context.store.evaluations.itemsByExperiment(input.experimentId)].map(([id, items]) => ({ id, items }))
    }),
  },
  events: {
    subscribe: os.events.subscribe.handler(async function* ({ context, signal }) {
      for await (const event of context.events.subscribe(signal)) yield event
    }),
  },
})

export type AppRouter = typeof router
