/**
 * `npm run serve`: the workbench in a browser. Opens the data folder, starts the host on
 * 127.0.0.1 and prints the address (with its one-time token) to open.
 */
import '../core/system/require-supported-node'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { openService } from '../core/service'
import { describeOwner } from '../core/ownership/folder-lock'
import { defaultDataDir } from '../core/paths'
import { startHost } from './server'

const USAGE = `Usage: npm run serve -- [--port <n>] [--data-dir <folder>] [--db <file>] [--allow-dir <folder>]... [--max-import-mb <n>]

  --port           port on 127.0.0.1 (default: a free one)
  --data-dir       folder for the database and checkpoints (default: ${defaultDataDir()})
  --db             database file (default: <data-dir>/continuum.db)
  --allow-dir      a folder clients may import files from and export checkpoints to, besides
                   the data folder (repeatable); anything else is refused
  --max-import-mb  the largest file an import or upload may be (default 256)

For a remote workstation, forward the port over SSH: ssh -L <n>:127.0.0.1:<n> workstation`

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      db: { type: 'string' },
      'allow-dir': { type: 'string', multiple: true },
      'max-import-mb': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: "${values.port}" is not a port number`)
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir())
  const maxMb = values['max-import-mb'] === undefined ? 256 : Number(values['max-import-mb'])
  if (!Number.isFinite(maxMb) || maxMb <= 0) throw new Error(`--max-import-mb: "${values['max-import-mb']}" is not a positive number`)
  const allowedDirs = (values['allow-dir'] ?? []).map((d) => resolve(d))
  const service = openService(dataDir, { role: 'serve', ...(values.db ? { databasePath: resolve(values.db) } : {}), allowedDirs, maxImportBytes: Math.round(maxMb * 2 ** 20) })
  const host = await startHost({ service, staticDir: join(__dirname, '../renderer'), port })

  console.log(`Continuum is serving ${service.store.path}`)
  console.log(`Clients may import from and export to: ${[dataDir, ...allowedDirs].join(', ')}`)
  const owner = service.owner()
  console.log(owner.self ? 'This process runs the data folder\'s jobs.' : `${describeOwner(owner)} runs this data folder's jobs; this server shows them live and takes over when it stops.`)
  service.onOwner(() => console.log('This process now runs the data folder\'s jobs.'))
  console.log(`Open ${host.url}`)

  // Ctrl-C / SIGTERM: running jobs pause at a checkpoint, then the server exits. A second
  // signal exits at once; the workers then pause and exit by their own parent watch.
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) process.exit(130)
    stopping = true
    const running = service.runner.running.length
    if (running > 0) console.log(`\n${signal}: pausing ${running} running job${running === 1 ? '' : 's'} at a checkpoint… (again to quit at once)`)
    await host.close()
    await service.shutdown()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error(`continuum: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
