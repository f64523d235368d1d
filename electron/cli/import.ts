/**
 * `npm run experiment -- import corpus <name> <file>` and `import task <name> <file> [...]`:
 * imports a dataset into the data folder's store from the terminal, with a progress bar while
 * a large file is read, and prints what was imported (records, splits, labels, warnings).
 * Opens only the store, never the job runner, so it is safe beside a running app.
 */
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import cliProgress from 'cli-progress'
import { InvalidArgumentError, type Command } from 'commander'
import { importCorpus, importTask, type ImportResult, type ImportTaskInput, type ReadLimits } from '../core/datasets'
import { databaseFile, defaultDataDir } from '../core/paths'
import { Store } from '../core/store'
import { formatNumber, table } from './table'

interface Common {
  dataDir?: string
  db?: string
  format?: string
  maxImportMb?: number
}

/** The task options commander parses: the column flags, and the rest typed as importTask takes them. */
interface TaskOptions extends Common, Pick<ImportTaskInput, 'testFile' | 'oodFile' | 'testFraction' | 'oodFraction' | 'splitSeed' | 'instruction' | 'cue' | 'learned'> {
  promptCol?: string
  completionCol?: string
  textCol?: string
  labelCol?: string
  splitCol?: string
  idCol?: string
}

const fraction = (v: string) => {
  const n = Number(v)
  if (!(n >= 0 && n < 1)) throw new InvalidArgumentError('must be at least 0 and below 1')
  return n
}
const positive = (v: string) => {
  const n = Number(v)
  if (!(n > 0)) throw new InvalidArgumentError('must be a positive number')
  return n
}
const seed = (v: string) => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer')
  return n
}
const mark = (v: string) => {
  if (['yes', 'true'].includes(v)) return true
  if (['no', 'false'].includes(v)) return false
  if (v === 'unmarked') return null
  throw new InvalidArgumentError('must be yes, no or unmarked')
}

/** A bar for files over 8 MB (smaller ones read in a blink), on a terminal only. */
function progressLimits(o: Common): { limits: ReadLimits; stop: () => void } {
  let bar: cliProgress.SingleBar | undefined
  const limits: ReadLimits = {
    ...(o.maxImportMb ? { maxBytes: Math.round(o.maxImportMb * 2 ** 20) } : {}),
    onProgress: (read, total) => {
      if (!process.stdout.isTTY || total < 8 * 2 ** 20) return
      if (!bar) {
        bar = new cliProgress.SingleBar({ format: ' reading {bar} {percentage}% | {value}/{total} MB', hideCursor: true }, cliProgress.Presets.shades_classic)
        bar.start(Math.ceil(total / 2 ** 20), 0)
      }
      bar.update(Math.floor(read / 2 ** 20))
    },
  }
  return { limits, stop: () => bar?.stop() }
}

function report(r: ImportResult, kind: string): void {
  const s = r.stats
  console.log(`Imported ${kind} "${r.dataset.name}" (${s.format}): ${formatNumber(s.lines)} records, ${formatNumber(s.bytes)} bytes, stored at ${r.dataset.path}`)
  if (s.splits) console.log(table(['split', 'examples'], Object.entries(s.splits).map(([k, v]) => [k, v])))
  if (s.labels) console.log(table(['label', 'examples'], Object.entries(s.labels).map(([k, v]) => [k, v])))
  const seeded = (r.dataset.meta as { seededSplit?: { testFraction: number; oodFraction: number; seed: number } }).seededSplit
  if (seeded) console.log(`Split drawn with seed ${seeded.seed}: test fraction ${seeded.testFraction}, ood fraction ${seeded.oodFraction} (set them with --test-fraction, --ood-fraction, --split-seed).`)
  for (const w of s.warnings) console.log(`warning: ${w}`)
}

async function withStore(o: Common, fn: (store: Store, dataDir: string) => Promise<void>): Promise<void> {
  const dataDir = resolve(o.dataDir ?? defaultDataDir())
  mkdirSync(dataDir, { recursive: true })
  const store = Store.open(o.db ? resolve(o.db) : databaseFile(dataDir))
  try {
    await fn(store, dataDir)
  } catch (error) {
    console.error(`import: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 2
  } finally {
    store.close()
  }
}

const commonOptions = (c: Command) =>
  c
    .option('--data-dir <folder>', `data folder (default: ${defaultDataDir()})`)
    .option('--db <path>', 'database file (default: <data-dir>/continuum.db)')
    .option('--max-import-mb <n>', 'largest file to read (default 256)', positive)

export function registerImport(program: Command): void {
  const root = program.command('import').description('Import a corpus or a task into the data folder.')
  commonOptions(root.command('corpus <name> <file>').description('a pre-training corpus: plain text, JSONL {"text"} or Parquet'))
    .option('--format <format>', 'text, jsonl or parquet (default: from the extension)')
    .option('--text-col <column>', 'JSONL / Parquet: the column holding each document (default "text")')
    .action((name: string, file: string, _o: unknown, command: Command) => {
      // The root command has --data-dir and --db too; commander hands them to whichever parses first.
      const o = command.optsWithGlobals<Common & { textCol?: string }>()
      return withStore(o, async (store, dataDir) => {
        const p = progressLimits(o)
        try {
          const format = o.format === undefined ? undefined : o.format === 'text' || o.format === 'jsonl' || o.format === 'parquet' ? o.format : badFormat(o.format, 'text, jsonl or parquet')
          report(await importCorpus(store, dataDir, { name, file: resolve(file), ...(format ? { format } : {}), ...(o.textCol ? { textColumn: o.textCol } : {}), limits: p.limits }), 'corpus')
        } finally {
          p.stop()
        }
      })
    })
  commonOptions(root.command('task <name> <file>').description('a task: JSONL, CSV or Parquet of prompt,completion (generation) or text,label (classification)'))
    .option('--format <format>', 'jsonl, csv or parquet (default: from the extension)')
    .option('--prompt-col <column>', 'the prompt column (generation)')
    .option('--completion-col <column>', 'the completion column (generation)')
    .option('--text-col <column>', 'the text column (classification)')
    .option('--label-col <column>', 'the label column (classification)')
    .option('--split-col <column>', 'the column saying train, test or ood (validation, dev, val count as test)')
    .option('--id-col <column>', 'an id column')
    .option('--test-file <file>', 'the test split as its own file (then <file> is the train split)')
    .option('--ood-file <file>', 'the out-of-domain split as its own file')
    .option('--test-fraction <f>', 'without a split column: the share drawn for test (default 0.2)', fraction)
    .option('--ood-fraction <f>', 'without a split column: the share drawn for ood (default 0)', fraction)
    .option('--split-seed <n>', 'the seed of that draw (default 0)', seed)
    .option('--instruction <text>', "the instruct format's first line")
    .option('--cue <text>', 'the answer cue (classification default "Answer:")')
    .option('--learned <mark>', 'learned in pre-training: yes, no or unmarked (default)', mark)
    .action((name: string, file: string, _o: unknown, command: Command) => {
      const o = command.optsWithGlobals<TaskOptions>()
      return withStore(o, async (store, dataDir) => {
        const p = progressLimits(o)
        const columns = Object.fromEntries(
          ([['prompt', o.promptCol], ['completion', o.completionCol], ['text', o.textCol], ['label', o.labelCol], ['split', o.splitCol], ['id', o.idCol]] as const).filter(([, c]) => c !== undefined),
        )
        try {
          const format = o.format === undefined ? undefined : o.format === 'jsonl' || o.format === 'csv' || o.format === 'parquet' ? o.format : badFormat(o.format, 'jsonl, csv or parquet')
          const result = await importTask(store, dataDir, {
            name,
            file: resolve(file),
            ...(format ? { format } : {}),
            columns,
            ...(o.testFile ? { testFile: resolve(o.testFile) } : {}),
            ...(o.oodFile ? { oodFile: resolve(o.oodFile) } : {}),
            ...(o.testFraction !== undefined ? { testFraction: o.testFraction } : {}),
            ...(o.oodFraction !== undefined ? { oodFraction: o.oodFraction } : {}),
            ...(o.splitSeed !== undefined ? { splitSeed: o.splitSeed } : {}),
            ...(o.instruction ? { instruction: o.instruction } : {}),
            ...(o.cue ? { cue: o.cue } : {}),
            learned: o.learned ?? null,
            limits: p.limits,
          })
          p.stop()
          report(result, 'task')
        } finally {
          p.stop()
        }
      })
    })
}

function badFormat(given: string, allowed: string): never {
  throw new InvalidArgumentError(`--format ${given}: use ${allowed}`)
}
