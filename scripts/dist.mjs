#!/usr/bin/env node
/**
 * `npm run dist [-- --linux|--win|--mac]`: production build, then electron-builder with
 * electron-builder.yml. electron-builder rebuilds native modules (better-sqlite3, and
 * tfjs-node-gpu when installed) for Electron's ABI inside node_modules; afterwards we rebuild
 * better-sqlite3 for Node again so `npm test` and `npm run serve` keep working.
 * Needs network access once: electron-builder downloads the Electron binary for the target.
 */
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1

const platformArgs = process.argv.slice(2)
let status = run(npm, ['run', 'build'])
if (status === 0) {
  status = run(npx, ['electron-builder', '--config', 'electron-builder.yml', '--publish', 'never', ...platformArgs])
  console.log('\nRestoring better-sqlite3 for Node (the packaged app keeps its Electron build)…')
  if (run(npm, ['rebuild', 'better-sqlite3']) !== 0) console.error('continuum: `npm rebuild better-sqlite3` failed; run it by hand before `npm test`.')
}
if (status !== 0) console.error('\ncontinuum: packaging failed. It needs the Electron binary for the target (downloaded once by electron-builder) and, for native modules, the Electron headers.')
process.exit(status)
