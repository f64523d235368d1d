/** Training workers as Electron utility processes; the mapping lives in utility-adapter.ts, which is tested without Electron. */
import { utilityProcess } from 'electron'
import { utilityLauncherOf } from './utility-adapter'

export const utilityLauncher = utilityLauncherOf((modulePath, args, options) => utilityProcess.fork(modulePath, args, options))
