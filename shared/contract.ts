/**
 * The one contract between the renderer and the main process. Every call and event is
 * defined here once, with zod schemas; the Electron IPC bridge, the WebSocket host and the
 * renderer's client are all derived from it. Imports nothing from Node, the DOM or Electron.
 */
import { eventIterator, oc } from '@orpc/contract'
import { z } from 'zod'
import { Id } from './schemas/common'
import { Experiment, ExperimentSummary } from './schemas/experiment'
import { CreateFromSchedule, CreatedExperiment, DryRunResult, EvaluationRow, ScheduleJson, TemplateRequest } from './schemas/experiment-calls'
import { Run, RunCreate, RunListFilter, RunSummary, RunUpdate } from './schemas/run'
import { MetricAppend, Series, SeriesManyQuery } from './schemas/metric'
import { Checkpoint, Evaluation, PromptFormat } from './schemas/checkpoint'
import { Dataset } from './schemas/dataset'
import { GenerateRequest } from './schemas/job-spec'
import { AppEvent } from './schemas/events'
import { TaskInfo } from './findings/types'
import { BackendInfo, DataFolderState, SystemInfo } from './schemas/system'

const ById = z.object({ id: Id })

const ImportedDataset = z.object({
  dataset: Dataset,
  stats: z.object({ format: z.string(), lines: z.number().int(), bytes: z.number().int(), labels: z.record(z.string(), z.number().int()).optional(), warnings: z.array(z.string()) }),
})

export const contract = {
  system: {
    info: oc.output(SystemInfo),
    /** The backend training workers would use (probed once in a short-lived process). */
    backends: oc.output(BackendInfo),
    dataFolder: oc.output(DataFolderState),
    /** Chooses the data folder for the next start (null: back to the default). Desktop app only. */
    setDataDir: oc.input(z.object({ dataDir: z.string().min(1).max(4096).nullable() })).output(DataFolderState),
  },
  experiments: {
    list: oc.output(z.array(ExperimentSummary)),
    get: oc.input(ById).output(Experiment),
    /** Validates a schedule, expands it and creates its runs and jobs; the same schedule again returns the existing experiment. */
    create: oc.input(CreateFromSchedule).output(CreatedExperiment),
    /** Jobs, tokens and estimated time of a schedule, without creating anything. */
    dryRun: oc.input(CreateFromSchedule).output(DryRunResult),
    template: oc.input(TemplateRequest).output(ScheduleJson),
    /** What each evaluated task is (kind, learned in pre-training), for the findings (shared/findings). */
    tasks: oc.input(z.object({ experimentId: Id })).output(z.array(TaskInfo)),
  },
  runs: {
    list: oc.input(RunListFilter).output(z.array(RunSummary)),
    get: oc.input(ById).output(RunSummary),
    create: oc.input(RunCreate).output(Run),
    update: oc.input(RunUpdate).output(Run),
    /** Saves a checkpoint at the end of the current step and stops. */
    pause: oc.input(ById).output(Run),
    /** A paused, interrupted, failed or cancelled run continues from its last checkpoint. */
    resume: oc.input(ById).output(Run),
    cancel: oc.input(ById).output(Run),
  },
  metrics: {
    append: oc.input(MetricAppend).output(z.object({ written: z.number().int() })),
    keys: oc.input(z.object({ runId: Id })).output(z.array(z.string())),
    /** Downsampled series, several in one round trip, in the order asked (see `SeriesBuckets`). */
    seriesMany: oc.input(SeriesManyQuery).output(z.array(Series)),
  },
  checkpoints: {
    /** A run's checkpoints by step, or every checkpoint when no run is given. */
    list: oc.input(z.object({ runId: Id.optional() })).output(z.array(Checkpoint)),
    get: oc.input(ById).output(Checkpoint),
    /** Text from the checkpoint for a prompt (runs in a worker process). */
    generate: oc.input(z.object({ id: Id }).and(GenerateRequest)).output(z.object({ text: z.string(), tokens: z.number().int(), stop: z.string() })),
    /** Queues an evaluation of the checkpoint on its experiment's suite; returns the evaluation run. */
    evaluate: oc
      .input(z.object({ id: Id, tasks: z.array(z.string()).optional(), formats: z.array(PromptFormat).min(1).optional(), shots: z.array(z.number().int().min(0).max(16)).min(1).optional(), maxExamples: z.number().int().min(1).max(100_000).optional() }))
      .output(Run),
    /** Copies the checkpoint folder into `destination` (a folder on this machine); returns the new path. */
    export: oc.input(z.object({ id: Id, destination: z.string().min(1).max(4096) })).output(z.object({ path: z.string() })),
    delete: oc.input(ById).output(Checkpoint),
  },
  datasets: {
    list: oc.output(z.array(Dataset)),
    /** Plain text or JSONL ({"text"}) corpus from a file on this machine. */
    importCorpus: oc.input(z.object({ name: z.string().min(1).max(100), file: z.string().min(1).max(4096), format: z.enum(['text', 'jsonl']).optional() })).output(ImportedDataset),
    /** JSONL or CSV task file with {prompt, completion} or {text, label}. */
    importTask: oc
      .input(z.object({ name: z.string().min(1).max(100), file: z.string().min(1).max(4096), format: z.enum(['jsonl', 'csv']).optional(), instruction: z.string().max(1000).optional(), cue: z.string().max(200).optional() }))
      .output(ImportedDataset),
  },
  evaluations: {
    list: oc.input(z.object({ checkpointId: Id })).output(z.array(Evaluation)),
    /** Every evaluation of an experiment's checkpoints, placed by run, step and branch. */
    forExperiment: oc.input(z.object({ experimentId: Id })).output(z.array(EvaluationRow)),
  },
  events: {
    /** Pushes every app event; the renderer filters by run where it needs to. */
    subscribe: oc.output(eventIterator(AppEvent)),
  },
}

export type Contract = typeof contract
