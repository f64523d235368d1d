#!/usr/bin/env node
/**
 * `npm start` (and `npm run dev`): the desktop app.
 *
 * better-sqlite3 is a native module; the copy in node_modules is built for Node so that
 * `npm test` runs on plain Node. Electron needs one built for its own ABI, so we build a
 * second copy under .continuum/electron-native/<electron version>/ (once) and point the main
 * process at it through CONTINUUM_SQLITE_BINDING. Nothing in node_modules is touched.
 */
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))
const mode = process.argv[2] === 'dev' ? 'dev' : 'preview'

function fail(message) {
  console.error(`\ncontinuum: ${message}\n`)
  process.exit(1)
}

const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'))
const sqliteVersion = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version
const nativeRoot = join(root, '.continuum', 'electron-native', `electron-${electronVersion}-sqlite-${sqliteVersion}`)
const binding = join(nativeRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')

if (!existsSync(binding)) {
  console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once)…`)
  mkdirSync(join(nativeRoot, 'node_modules'), { recursive: true })
  writeFileSync(join(nativeRoot, 'package.json'), JSON.stringify({ name: 'continuum-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }))
  cpSync(sqliteDir, join(nativeRoot, 'node_modules', 'better-sqlite3'), { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) })
  for (const dep of ['bindings', 'file-uri-to-path']) {
    const depDir = dirname(require.resolve(`${dep}/package.json`))
    cpSync(depDir, join(nativeRoot, 'node_modules', dep), { recursive: true })
  }
  const { rebuild } = await import('@electron/rebuild')
  try {
    await rebuild({ buildPath: nativeRoot, electronVersion, onlyModules: ['better-sqlite3'], force: true })
  } catch (error) {
    fail(
      `could not build better-sqlite3 for Electron ${electronVersion}: ${error instanceof Error ? error.message : error}\n` +
        'This needs the Electron headers (downloaded once from electronjs.org) and a C++ toolchain (python3, make, g++).\n' +
        'Without them, `npm run serve` opens the same workbench in your browser.',
    )
  }
  if (!existsSync(binding)) fail(`the rebuild finished but ${binding} is missing`)
}

const child = spawn(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), mode, '-c', 'electron.config.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CONTINUUM_SQLITE_BINDING: binding },
})
child.on('exit', (code, signal) => {
  if (code !== 0 && signal === null)
    console.error('\ncontinuum: the desktop app exited with an error. If the Electron binary could not be downloaded, `npm run serve` opens the same workbench in a browser.')
  process.exit(code ?? 1)
})
