/**
 * `npm run experiment -- <schedule.json> [--db <path>] [--dry-run] [--executor slurm --cluster profile.json]` and
 * `npm run experiment -- --template study [--scale tiny|small]`: runs an experiment headless with a
 * progress bar, writing to the same store as the app, and ends with the tables of scores and
 * forgetting. Ctrl-C pauses every running job at a checkpoint; running the same command again
 * resumes. If another process owns the data folder, this one follows its progress instead of
 * starting a second runner, and takes over when that process stops.
 */
import '../core/system/require-supported-node'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { Command, InvalidArgumentError } from 'commander'
import { SUITE_SCALES, type SuiteScale } from '../../shared/schemas/task'
import { addExperiment, planExperiment } from '../core/app/experiments'
import type { SuiteAccess } from '../core/experiments/known-tasks'
import { checkScheduleBeforeOpening, readScheduleJson } from './schedule-file'
import { evaluationRows } from '../core/experiments/evaluation-rows'
import { experimentTasks } from '../core/experiments/task-info'
import { studyTemplate } from '../core/experiments/templates'
import { AppError } from '../core/errors'
import { databaseFile, defaultDataDir } from '../core/paths'
import { openService } from '../core/service'
import { describeOwner } from '../core/ownership/folder-lock'
import { continueRuns, follow, reportInterrupt } from './follow'
import { Executor, type ExperimentSchedule } from '../../shared'
import { readClusterProfile } from './cluster-profile-file'
import { clusterTarget, estimatePlacement, localTarget, type PlacementTarget } from '../core/experiments/placement'
import { Store } from '../core/store'
import { registerImport } from './import'
import { printSummary } from './report'
import { formatNumber, table } from './table'

interface Options {
  template?: string
  scale: SuiteScale
  seed: number
  db?: string
  dataDir?: string
  dryRun?: boolean
  concurrency?: number
  executor: Executor
  cluster?: string
}

const integer = (v: string) => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer')
  return n
}

const duration = (s: number) => (s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`)

/** The jobs, tokens and estimated time of a schedule, checked against the store's datasets. */
async function printPlan(schedule: ExperimentSchedule, store: Store, dataDir: string, suites: SuiteAccess, target: PlacementTarget): Promise<void> {
  const { jobs, throughput, estimate: d } = await planExperiment(store, dataDir, schedule, suites)
  console.log(`${schedule.name}\n${schedule.description ? `${schedule.description}\n` : ''}`)
  console.log(table(['jobs', 'pre-train', 'continual', 'fine-tune', 'evaluate', 'training tokens', 'est. training time'], [[d.jobs, d.byKind.pretrain, d.byKind.continual, d.byKind.finetune, d.byKind.evaluate, d.trainingTokens, duration(d.trainingSeconds)]]))
  console.log(`throughput: ${formatNumber(Math.round(throughput.tokensPerSecond))} tokens/s, ${throughput.source}; evaluations: ${d.evaluations}`)
  // Where the jobs run and the wall time with that many at once (the editor's dry run says the same).
  console.log(`${estimatePlacement(jobs, throughput.tokensPerSecond, target).line}\n`)
}

async function run(file: string | undefined, o: Options): Promise<number> {
  if (!file && !o.template) throw new AppError('BAD_REQUEST', 'Give a schedule file or --template study.')
  if (o.template && o.template !== 'study') throw new AppError('BAD_REQUEST', `Unknown template "${o.template}"; the built-in one is "study".`)
  if (o.executor === 'slurm' && !o.cluster) throw new AppError('BAD_REQUEST', '--executor slurm needs --cluster <profile.json>.')
  if (o.executor === 'local' && o.cluster) throw new AppError('BAD_REQUEST', '--cluster is for --executor slurm.')
  // The profile is checked before anything is opened, like the schedule.
  const profile = o.cluster ? readClusterProfile(resolve(o.cluster)) : null
  const target = profile ? clusterTarget(profile) : localTarget(o.concurrency)
  const input = file ? readScheduleJson(resolve(file)) : studyTemplate({ scale: o.scale, seed: o.seed })
  const dataDir = resolve(o.dataDir ?? defaultDataDir())
  const databasePath = o.db ? resolve(o.db) : databaseFile(dataDir)
  // An invalid schedule is refused before the data folder is touched: no database is created for it.
  const schedule = await checkScheduleBeforeOpening(input, databasePath, dataDir)
  if (o.dryRun) {
    // A dry run creates nothing: not the data folder, not a database. It reads an existing one
    // (imported datasets, measured throughput) as a reader would; it never owns the folder, so
    // it touches no job whoever else is running. With no database there is nothing to read.
    const store = existsSync(databasePath) ? Store.open(databasePath, { dataDir }) : Store.open(':memory:', { dataDir })
    try {
      await printPlan(schedule, store, dataDir, 'peek', target)
      return 0
    } finally {
      store.close()
    }
  }
  const service = openService(dataDir, {
    databasePath,
    // On a cluster the jobs at once are the profile's, not this machine's cores.
    ...(o.concurrency ? { concurrency: o.concurrency } : profile ? { concurrency: profile.maxParallel } : {}),
    ...(profile ? { cluster: profile } : {}),
    autoStart: false,
    role: 'cli',
  })
  try {
    await printPlan(schedule, service.store, dataDir, 'materialize', target)

    // The owner's recovery (interrupted jobs, orphaned workers) comes before counting what is left.
    await service.ready
    const { experiment, runIds, created } = await addExperiment(service, dataDir, input, o.executor)
    if (!created) {
      const left = await continueRuns(service, runIds)
      console.log(`Resuming experiment ${experiment.id} (${left} runs to continue).`)
    } else console.log(`Created experiment ${experiment.id} with ${runIds.length} runs in ${service.store.path}`)
    if (!service.owner().self) service.jobs.wake()

    const outcome = await follow(service, runIds)
    if (outcome.kind === 'interrupted') {
      reportInterrupt(service, outcome.wasRunning, runIds)
      return 130
    }
    if (outcome.kind === 'stopped-watching') {
      console.log(`\nStopped watching; ${describeOwner(service.owner())} goes on running the jobs.`)
      return 130
    }
    if (outcome.kind === 'halted') {
      console.error(`\nexperiment: ${outcome.message}\nThe runs stay queued; run the same command again once the problem is fixed.`)
      return 1
    }
    printSummary(evaluationRows(service.store, experiment.id), await experimentTasks(service.store, dataDir, experiment.id), service.store.evaluations.itemsByExperiment(experiment.id))
    const runs = new Map(service.store.runs.list({ experimentId: experiment.id }).map((r) => [r.id, r]))
    const failed = [...runs.values()].filter((r) => r.status === 'failed')
    for (const r of failed) console.error(`run ${r.id} (${r.name}) failed: ${service.store.jobs.forRun(r.id)?.error?.message ?? 'unknown reason'}`)
    return failed.length > 0 ? 1 : 0
  } finally {
    service.close()
  }
}

const program = new Command()
  .name('experiment')
  .description('Run a Continuum experiment headless.')
  .argument('[schedule]', 'schedule JSON file')
  .option('--template <name>', 'a built-in study instead of a file: "study"')
  .option('--scale <scale>', `template size: ${SUITE_SCALES.join(', ')}`, (v) => {
    if (!(SUITE_SCALES as readonly string[]).includes(v)) throw new InvalidArgumentError(`must be one of ${SUITE_SCALES.join(', ')}`)
    return v as SuiteScale
  }, 'default' as SuiteScale)
  .option('--seed <n>', 'template seed', integer, 0)
  .option('--db <path>', 'database file (default: <data-dir>/continuum.db)')
  .option('--data-dir <folder>', `data folder (default: ${defaultDataDir()})`)
  .option('--concurrency <n>', 'jobs at once (default: one per core)', integer)
  .option('--executor <kind>', `where jobs run: ${Executor.options.join(', ')}`, (v) => {
    const parsed = Executor.safeParse(v)
    if (!parsed.success) throw new InvalidArgumentError(`must be one of ${Executor.options.join(', ')}`)
    return parsed.data
  }, Executor.enum.local)
  .option('--cluster <profile.json>', 'the cluster profile for --executor slurm (cluster folder, partition, node command, ...)')
  .option('--dry-run', 'print the jobs, tokens and estimated time, then stop')
  .action(async (file: string | undefined, options: Options) => {
    try {
      process.exitCode = await run(file, options)
    } catch (error) {
      console.error(`experiment: ${error instanceof Error ? error.message : String(error)}`)
      process.exitCode = 2
    }
  })

registerImport(program)

void program.parseAsync()
