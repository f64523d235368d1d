/**
 * The one lookup of task names a schedule may use: the built-in suite's tasks (when the
 * schedule has a suite) and imported task datasets. Training, evaluation, schedule
 * validation and the findings' task list all ask here, so a name means the same everywhere.
 * A suite task shadows a dataset of the same name (the suite's names are fixed and short).
 */
import type { ExperimentSchedule } from '../../../shared'
import type { TaskKind } from '../../../shared/schemas/task'
import { taskDefinitionPath } from '../datasets'
import type { Store } from '../store'
import { ensureSuite, peekSuite, suiteTrainFile } from './suites'

/** 'materialize': write the built-in suite into the data folder if it is not there; 'peek': write nothing (a dry run). */
export type SuiteAccess = 'materialize' | 'peek'

export interface KnownTask {
  name: string
  kind: TaskKind
  source: 'suite' | 'dataset'
  /** Examples in the training split (what epochs and dry runs count). */
  trainExamples: number
  /** Suite: its flag; dataset: the researcher's mark, null when unmarked. */
  learned: boolean | null
  /** The {prompt, completion} file a fine-tuning job reads. */
  trainPath: string
  /** Imported tasks: the TaskDefinition file evaluation reads. */
  definitionPath: string | null
  /** The suite folder (suite tasks). */
  suiteDir: string | null
}

interface TaskMeta {
  taskKind?: unknown
  splits?: { train?: unknown }
  examples?: unknown
}

export type KnownTasks = ReadonlyMap<string, KnownTask>

export async function knownTasks(store: Pick<Store, 'datasets'>, dataDir: string, schedule: Pick<ExperimentSchedule, 'suite'>, suites: SuiteAccess = 'materialize'): Promise<KnownTasks> {
  const out = new Map<string, KnownTask>()
  for (const d of store.datasets.list()) {
    if (d.kind !== 'task') continue
    const meta = d.meta as TaskMeta
    const train = Number(meta.splits?.train ?? meta.examples ?? 0)
    out.set(d.name, {
      name: d.name,
      kind: meta.taskKind === 'classification' ? 'classification' : 'generation',
      source: 'dataset',
      trainExamples: Number.isFinite(train) ? train : 0,
      learned: d.learned,
      trainPath: d.path,
      definitionPath: taskDefinitionPath(d.path),
      suiteDir: null,
    })
  }
  if (schedule.suite) {
    const suite = await (suites === 'peek' ? peekSuite : ensureSuite)(dataDir, schedule.suite.seed, schedule.suite.scale)
    for (const t of suite.tasks)
      out.set(t.id, {
        name: t.id,
        kind: t.kind,
        source: 'suite',
        trainExamples: t.splits.train.length,
        learned: t.learnedInPretraining,
        trainPath: suiteTrainFile(suite.dir, t.id),
        definitionPath: null,
        suiteDir: suite.dir,
      })
  }
  return out
}

/** Corpus names a schedule may use: "suite" (with a suite) and imported corpus datasets. */
export function knownCorpora(store: Pick<Store, 'datasets'>, schedule: Pick<ExperimentSchedule, 'suite'>): string[] {
  return [...(schedule.suite ? ['suite'] : []), ...store.datasets.list().filter((d) => d.kind === 'corpus').map((d) => d.name)]
}

/** Every task a schedule fine-tunes on (branches and sequences), in order of first use. */
export function trainedTasks(schedule: Pick<ExperimentSchedule, 'branches' | 'sequences'>): string[] {
  return [...new Set([...schedule.branches.flatMap((b) => b.tasks), ...schedule.sequences.flatMap((q) => q.tasks)])]
}
