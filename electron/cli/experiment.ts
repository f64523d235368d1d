/**
 * `npm run experiment -- <schedule.json> [--db <path>] [--dry-run]` and
 * `npm run experiment -- --template study [--scale tiny|small]`: runs an experiment headless with a
 * progress bar, writing to the same store as the app, and ends with the tables of scores and
 * forgetting. Ctrl-C pauses every running job at a checkpoint; running the same command again
 * resumes.
 */
import '../core/system/require-supported-node'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Command, InvalidArgumentError } from 'commander'
import cliProgress from 'cli-progress'
import type { AppEvent, ExperimentScheduleInput } from '../../shared'
import { SUITE_SCALES, type SuiteScale } from '../../shared/schemas/task'
import { createExperiment, expand, parseSchedule, taskSizes, type RunPlan } from '../core/experiments/create'
import { evaluationRows } from '../core/experiments/evaluation-rows'
import { experimentTasks } from '../core/experiments/task-info'
import { studyTemplate } from '../core/experiments/templates'
import { estimateThroughput } from '../core/experiments/throughput'
import { AppError } from '../core/errors'
import { defaultDataDir } from '../core/paths'
import { openService, type Service } from '../core/service'
import { dryRun } from '../../shared'
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
}

const integer = (v: string) => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer')
  return n
}

function readSchedule(file: string): ExperimentScheduleInput {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new AppError('IO', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  try {
    return JSON.parse(text) as ExperimentScheduleInput
  } catch (error) {
    throw new AppError('BAD_REQUEST', `${file} is not valid JSON: ${(error as Error).message}`)
  }
}

const duration = (s: number) => (s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`)

async function run(file: string | undefined, o: Options): Promise<number> {
  if (!file && !o.template) throw new AppError('BAD_REQUEST', 'Give a schedule file or --template study.')
  if (o.template && o.template !== 'study') throw new AppError('BAD_REQUEST', `Unknown template "${o.template}"; the built-in one is "study".`)
  const input = file ? readSchedule(resolve(file)) : studyTemplate({ scale: o.scale, seed: o.seed })
  const dataDir = resolve(o.dataDir ?? defaultDataDir())
  const service = openService(dataDir, { ...(o.db ? { databasePath: resolve(o.db) } : {}), ...(o.concurrency ? { concurrency: o.concurrency } : {}), autoStart: false })
  try {
    const schedule = parseSchedule(input)
    const jobs = expand(schedule, await taskSizes(service.store, dataDir, schedule))
    const throughput = estimateThroughput(service.store, schedule.model)
    const d = dryRun(jobs, throughput.tokensPerSecond)
    console.log(`${schedule.name}\n${schedule.description ? `${schedule.description}\n` : ''}`)
    console.log(table(['jobs', 'pre-train', 'continual', 'fine-tune', 'evaluate', 'training tokens', 'est. training time'], [[d.jobs, d.byKind.pretrain, d.byKind.continual, d.byKind.finetune, d.byKind.evaluate, d.trainingTokens, duration(d.trainingSeconds)]]))
    console.log(`throughput: ${formatNumber(Math.round(throughput.tokensPerSecond))} tokens/s, ${throughput.source}; evaluations: ${d.evaluations}\n`)
    if (o.dryRun) return 0

    const { experiment, runIds, created } = await createExperiment(service.store, dataDir, input)
    if (!created) {
      const again = runIds.filter((id) => ['paused', 'interrupted', 'failed'].includes(service.store.runs.get(id).status))
      for (const id of again) service.runner.resume(id)
      console.log(`Resuming experiment ${experiment.id} (${again.length} runs to continue).`)
    } else console.log(`Created experiment ${experiment.id} with ${runIds.length} runs in ${service.store.path}`)

    const outcome = await follow(service, runIds)
    if (outcome === 'paused') {
      console.log('\nPaused. Run the same command again to resume.')
      return 130
    }
    printSummary(evaluationRows(service.store, experiment.id), await experimentTasks(service.store, dataDir, experiment.id))
    const runs = new Map(service.store.runs.list({ experimentId: experiment.id }).map((r) => [r.id, r]))
    const failed = [...runs.values()].filter((r) => r.status === 'failed')
    for (const r of failed) console.error(`run ${r.id} (${r.name}) failed: ${service.store.jobs.forRun(r.id)?.error?.message ?? 'unknown reason'}`)
    return failed.length > 0 ? 1 : 0
  } finally {
    service.close()
  }
}

/** Runs the queue to the end with a progress bar; Ctrl-C pauses. */
async function follow(service: Service, runIds: number[]): Promise<'done' | 'paused'> {
  const total = new Map<number, number>()
  const done = new Map<number, number>()
  for (const id of runIds) {
    const { plan } = service.store.runs.get(id).config as unknown as RunPlan
    total.set(id, plan.kind === 'evaluate' ? plan.evaluateSteps.length : plan.steps)
    if (service.store.runs.get(id).status === 'completed') done.set(id, total.get(id)!)
  }
  const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0)
  const bar = new cliProgress.SingleBar(
    { format: ' {bar} {percentage}% | ETA {eta_formatted} | {runs} | {current}', hideCursor: true, etaBuffer: 200, fps: 5 },
    cliProgress.Presets.shades_classic,
  )
  bar.start(sum(total), sum(done), { runs: '', current: 'starting…' })
  const status = () => {
    const runs = runIds.map((id) => service.store.runs.get(id).status)
    return `${runs.filter((s) => s === 'completed').length}/${runIds.length} runs done${runs.includes('failed') ? `, ${runs.filter((s) => s === 'failed').length} failed` : ''}`
  }
  const stop = service.events.listen((e: AppEvent) => {
    if (e.type === 'run.progress' && total.has(e.runId)) {
      done.set(e.runId, e.step)
      const name = service.store.runs.get(e.runId).name
      bar.update(sum(done), { runs: status(), current: `${name}: step ${e.step}/${e.totalSteps}${e.loss ? ` loss ${e.loss.toFixed(3)}` : ''}${e.tokensPerSecond ? ` ${Math.round(e.tokensPerSecond)} tok/s` : ''}` })
    } else if (e.type === 'run.changed' && total.has(e.run.id)) {
      if (e.run.status === 'completed') done.set(e.run.id, total.get(e.run.id)!)
      bar.update(sum(done), { runs: status() })
    }
  })
  let paused = false
  const onSigint = () => {
    if (paused) process.exit(130)
    paused = true
    bar.stop()
    console.log('\nPausing running jobs at a checkpoint… (Ctrl-C again to quit at once)')
    void service.runner.shutdown('pause')
  }
  process.on('SIGINT', onSigint)
  service.runner.wake()
  await service.runner.idle()
  process.off('SIGINT', onSigint)
  stop()
  if (!paused) bar.stop()
  return paused ? 'paused' : 'done'
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
  .option('--dry-run', 'print the jobs, tokens and estimated time, then stop')
  .action(async (file: string | undefined, options: Options) => {
    try {
      process.exitCode = await run(file, options)
    } catch (error) {
      console.error(`experiment: ${error instanceof Error ? error.message : String(error)}`)
      process.exitCode = 2
    }
  })

void program.parseAsync()
