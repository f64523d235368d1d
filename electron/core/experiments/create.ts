/**
 * Creating an experiment from a schedule: validate, expand into a job graph, and write the
 * experiment, one run per job and the jobs with their dependencies in one transaction.
 * Creating the same schedule again returns the existing experiment, so a rerun resumes.
 */
import {
  ExperimentSchedule,
  ScheduleError,
  describeIssues,
  expandSchedule,
  formatPath,
  scheduleReferenceIssues,
  toFieldIssues,
  type Experiment,
  type RunPlan,
} from '../../../shared'
import type { Executor } from '../../../shared/schemas/cluster-profile'
import { AppError } from '../errors'
import type { Store } from '../store'
import { knownCorpora, knownTasks, type SuiteAccess } from './known-tasks'

const invalid = (issues: ReturnType<typeof toFieldIssues>) => new AppError('BAD_REQUEST', `Invalid schedule: ${describeIssues(issues)}`, { issues })

/** The schema's checks: shapes, bounds, repeats, the checkpoint plan. Needs no store. */
export function parseSchedule(input: unknown): ExperimentSchedule {
  const parsed = ExperimentSchedule.safeParse(input)
  if (!parsed.success) throw invalid(toFieldIssues(parsed.error.issues))
  return parsed.data
}

/** The corpora and tasks a schedule names all exist (known-tasks.ts is the one lookup). */
export async function checkReferences(schedule: ExperimentSchedule, store: Pick<Store, 'datasets'>, dataDir: string, suites: SuiteAccess = 'materialize'): Promise<void> {
  const tasks = new Set((await knownTasks(store, dataDir, schedule, suites)).keys())
  const corpora = new Set(knownCorpora(store, schedule).filter((name) => name !== 'suite'))
  const issues = scheduleReferenceIssues(schedule, { tasks, corpora })
  if (issues.length > 0) throw invalid(toFieldIssues(issues))
}

/** Everything a dry run or a create checks before it plans a job. */
export async function validateSchedule(input: unknown, store: Store, dataDir: string): Promise<ExperimentSchedule> {
  const schedule = parseSchedule(input)
  await checkReferences(schedule, store, dataDir)
  return schedule
}

/** Training examples per task name: the suite's tasks and imported task datasets. */
export async function taskSizes(store: Store, dataDir: string, schedule: ExperimentSchedule, suites: SuiteAccess = 'materialize'): Promise<Record<string, number>> {
  const known = await knownTasks(store, dataDir, schedule, suites)
  return Object.fromEntries([...known.values()].map((t) => [t.name, t.trainExamples]))
}

export function expand(schedule: ExperimentSchedule, sizes: Record<string, number>): RunPlan[] {
  try {
    return expandSchedule(schedule, { taskSizes: sizes })
  } catch (error) {
    if (error instanceof ScheduleError) throw invalid([{ path: formatPath(error.path), message: error.reason }])
    throw error
  }
}

export async function createExperiment(
  store: Store,
  dataDir: string,
  input: unknown,
  /** Where its jobs run (written on each job; a rerun of an existing experiment keeps its jobs' placement). */
  options: { executor?: Executor } = {},
): Promise<{ experiment: Experiment; runIds: number[]; created: boolean }> {
  const schedule = await validateSchedule(input, store, dataDir)
  const jobs = expand(schedule, await taskSizes(store, dataDir, schedule))
  const existing = store.experiments.list().find((e) => e.name === schedule.name)
  if (existing) {
    // Read through today's schema, so a schedule stored before a field had its default still matches.
    const stored = ExperimentSchedule.safeParse(existing.schedule)
    if (JSON.stringify(stored.success ? stored.data : existing.schedule) !== JSON.stringify(schedule))
      throw new AppError('CONFLICT', `An experiment named "${schedule.name}" already exists with a different schedule; rename this one.`)
    return { experiment: existing, runIds: store.runs.list({ experimentId: existing.id }).map((r) => r.id), created: false }
  }
  return store.db.transaction(() => {
    const experiment = store.experiments.create({ name: schedule.name, description: schedule.description, schedule: schedule as unknown as Record<string, unknown> })
    const runIds = new Map<string, number>()
    const jobIds = new Map<string, number>()
    for (const job of jobs) {
      const run = store.runs.create({
        experimentId: experiment.id,
        name: job.name,
        kind: job.kind,
        config: {},
        plan: job,
        parentCheckpointId: null,
        seed: job.seed,
        tags: job.tags,
        notes: '',
      })
      runIds.set(job.key, run.id)
      jobIds.set(job.key, store.jobs.create(run.id, job.dependsOn.map((k) => jobIds.get(k)!), options.executor ?? 'local').id)
    }
    return { experiment, runIds: [...runIds.values()], created: true }
  }).immediate()
}
