/**
 * The one contract between the renderer and the main process. Every call and event is
 * defined here once, with zod schemas; the Electron IPC bridge, the WebSocket host and the
 * renderer's client are all derived from it. Imports nothing from Node, the DOM or Electron.
 */
import { eventIterator, oc } from '@orpc/contract'
import { z } from 'zod'
import { Id, PathString } from './schemas/common'
import { Experiment, ExperimentSummary } from './schemas/experiment'
import { CreateFromSchedule, CreatedExperiment, DryRunRequest, DryRunResult, EvaluationItems, EvaluationRow, ScheduleJson, TemplateRequest } from './schemas/experiment-calls'
import { Run, RunCreate, RunListFilter, RunSummary, RunUpdate } from './schemas/run'
import { MetricAppend, Series, SeriesManyQuery } from './schemas/metric'
import { Checkpoint, Evaluation } from './schemas/checkpoint'
import { EVAL_SETTINGS, EvalTaskNames } from './schemas/eval-plan'
import { Dataset, DatasetPreview, ImportCorpusRequest, ImportTaskRequest, PickedFile, UploadChunk } from './schemas/dataset'
import { GenerateRequest } from './schemas/job-spec'
import { AppEvent } from './schemas/events'
import { TaskInfo } from './findings/types'
import { ClusterProfile } from './schemas/cluster-profile'
import { ClusterProfileState, ClusterTestResult, SaveClusterProfile } from './schemas/cluster-calls'
import { BackendInfo, DataFolderState, FolderOwner, SystemInfo } from './schemas/system'

// Every input object is strict (an unknown field is an error naming it) and every string and
// list is bounded; the bounds live in the schemas (shared/schemas/common.ts) so they are read here.
const ById = z.strictObject({ id: Id })
/** Task names a checkpoint is evaluated on: at most 200, each a suite task or an imported task. */

const ImportedDataset = z.object({
  dataset: Dataset,
  stats: z.object({
    format: z.string(),
    lines: z.number().int(),
    bytes: z.number().int(),
    labels: z.record(z.string(), z.number().int()).optional(),
    splits: z.object({ train: z.number().int(), test: z.number().int(), ood: z.number().int() }).optional(),
    warnings: z.array(z.string()),
  }),
})

export const contract = {
  system: {
    info: oc.output(SystemInfo),
    /** The backend training workers would use (probed once in a short-lived process). */
    backends: oc.output(BackendInfo),
    dataFolder: oc.output(DataFolderState),
    /** The process that runs this data folder's jobs (holds its lock); `self` when it is the one answering. */
    owner: oc.output(FolderOwner),
    /** Chooses the data folder for the next start (null: back to the default). Desktop app only. */
    setDataDir: oc.input(z.strictObject({ dataDir: PathString.nullable() })).output(DataFolderState),
  },
  cluster: {
    /** The Slurm profile saved in the data folder (<data folder>/cluster-profile.json), or null. */
    profile: oc.output(ClusterProfileState),
    /** Saves the profile atomically (null removes it). */
    saveProfile: oc.input(SaveClusterProfile).output(ClusterProfileState),
    /** Runs `sinfo --version` and `sinfo -h -o %P` on this machine and checks the profile against them. */
    test: oc.input(z.strictObject({ profile: ClusterProfile })).output(ClusterTestResult),
  },
  experiments: {
    list: oc.output(z.array(ExperimentSummary)),
    get: oc.input(ById).output(Experiment),
    /** Validates a schedule, expands it and creates its runs and jobs; the same schedule again returns the existing experiment. */
    create: oc.input(CreateFromSchedule).output(CreatedExperiment),
    /** Jobs, tokens and estimated time of a schedule, and where they would run, without creating anything. */
    dryRun: oc.input(DryRunRequest).output(DryRunResult),
    template: oc.input(TemplateRequest).output(ScheduleJson),
    /** What each evaluated task is (kind, learned in pre-training), for the findings (shared/findings). */
    tasks: oc.input(z.strictObject({ experimentId: Id })).output(z.array(TaskInfo)),
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
    keys: oc.input(z.strictObject({ runId: Id })).output(z.array(z.string())),
    /** Downsampled series, several in one round trip, in the order asked (see `SeriesBuckets`). */
    seriesMany: oc.input(SeriesManyQuery).output(z.array(Series)),
  },
  checkpoints: {
    /** A run's checkpoints by step, or every checkpoint when no run is given. */
    list: oc.input(z.strictObject({ runId: Id.optional() })).output(z.array(Checkpoint)),
    get: oc.input(ById).output(Checkpoint),
    /** Text from the checkpoint for a prompt (runs in a worker process). */
    generate: oc.input(GenerateRequest.extend({ id: Id })).output(z.object({ text: z.string(), tokens: z.number().int(), stop: z.string() })),
    /** Queues an evaluation of the checkpoint on its experiment's suite; returns the evaluation run. */
    evaluate: oc
      .input(z.strictObject({ id: Id, tasks: EvalTaskNames.default([]), formats: EVAL_SETTINGS.formats, shots: EVAL_SETTINGS.shots, maxExamples: EVAL_SETTINGS.maxExamples }))
      .output(Run),
    /** Copies the checkpoint folder into `destination` (a folder on this machine); returns the new path. */
    export: oc.input(z.strictObject({ id: Id, destination: PathString })).output(z.object({ path: z.string() })),
    delete: oc.input(ById).output(Checkpoint),
    /** Keeps a pause checkpoint after its run completes (or lets it go again). */
    pin: oc.input(z.object({ id: Id, pinned: z.boolean() })).output(Checkpoint),
  },
  datasets: {
    list: oc.output(z.array(Dataset)),
    /**
     * Plain text, JSONL or Parquet corpus. The file is a path (in `npm run serve`, inside the
     * data folder or an --allow-dir folder), an upload's id, or a file picked in the app's dialog.
     */
    importCorpus: oc.input(ImportCorpusRequest).output(ImportedDataset),
    /** JSONL, CSV or Parquet task with {prompt, completion} or {text, label}, columns mapped, split by a column, files or a seeded draw. */
    importTask: oc.input(ImportTaskRequest).output(ImportedDataset),
    /** Desktop app: the native open dialog, in the main process; null when cancelled. */
    pickFile: oc.output(PickedFile.nullable()),
    /** Browser: a file's bytes in order, at most 4 MiB a chunk (base64); the first chunk has no id. */
    upload: oc.input(UploadChunk).output(z.object({ id: z.string(), bytes: z.number().int() })),
    preview: oc.input(z.strictObject({ id: Id, limit: z.number().int().min(1).max(50).default(5) })).output(DatasetPreview),
    /** The researcher's "learned in pre-training" mark (null: unmarked, inferred from the base evaluation). */
    setLearned: oc.input(z.strictObject({ id: Id, learned: z.boolean().nullable() })).output(Dataset),
    /** Refused while an experiment's schedule names the dataset. */
    delete: oc.input(ById).output(Dataset),
  },
  evaluations: {
    list: oc.input(z.strictObject({ checkpointId: Id })).output(z.array(Evaluation)),
    /** Every evaluation of an experiment's checkpoints, placed by run, step and branch. */
    forExperiment: oc.input(z.strictObject({ experimentId: Id })).output(z.array(EvaluationRow)),
    /** The per-example scores of an experiment's evaluations, by evaluation id (the Study page's paired comparisons). */
    itemsForExperiment: oc.input(z.strictObject({ experimentId: Id })).output(z.array(EvaluationItems)),
  },
  events: {
    /** Pushes every app event; the renderer filters by run where it needs to. */
    subscribe: oc.output(eventIterator(AppEvent)),
  },
}

export type Contract = typeof contract
