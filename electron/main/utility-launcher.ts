/** Training workers as Electron utility processes; the mapping lives in utility-adapter.ts. */
import { utilityProcess } from 'electron'
import { workerEntry, type WorkerLauncher } from '../core/runner/worker-process'
import { adaptUtilityProcess } from './utility-adapter'

export const utilityLauncher: WorkerLauncher = () => {
  const entry = workerEntry()
  const child = utilityProcess.fork(entry.file, [], { serviceName: 'Continuum training worker', stdio: 'pipe', execArgv: entry.execArgv })
  // Pass the worker's own output through (and keep the pipe drained).
  child.stdout?.on('data', (chunk: Buffer) => void process.stdout.write(chunk))
  return adaptUtilityProcess(child)
}
