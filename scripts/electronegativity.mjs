#!/usr/bin/env node
/**
 * `npm run lint:electron`: @doyensec/electronegativity over the Electron sources (electron/)
 * and the built app (out/main, out/preload and the renderer's index.html; the tool's parser
 * cannot read the minified renderer bundle, which runs sandboxed without Node anyway). Fails on any high or medium finding that is not accepted in
 * scripts/electronegativity-accepted.json and explained in SECURITY.md.
 *
 * Offline: the tool fetches translations and Electron's release list over the network; both
 * requests are answered locally with an error (it then uses its bundled English texts and
 * skips the "newer Electron" advice). Its CLI is broken by a hoisted commander 14, so we use
 * its programmatic API.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import Module, { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))

const originalLoad = Module._load
Module._load = function (request, parent, ...rest) {
  if (request === 'got' && parent?.filename?.includes(`${join('@doyensec', 'electronegativity')}`)) {
    const offline = () => Promise.reject(new Error('offline: network access disabled by scripts/electronegativity.mjs'))
    return Object.assign(offline, { get: offline, default: offline })
  }
  return originalLoad.call(this, request, parent, ...rest)
}
const run = require('@doyensec/electronegativity')
const quiet = console.log
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version
const accepted = JSON.parse(readFileSync(join(root, 'scripts', 'electronegativity-accepted.json'), 'utf8')).accepted
const securityDoc = readFileSync(join(root, 'SECURITY.md'), 'utf8')

const SEVERE = 2 // MEDIUM and HIGH
// The built app is scanned as one tree (the tool's global checks look across files).
const inputs = [{ name: 'electron', dir: join(root, 'electron') }]
let built
if (existsSync(join(root, 'out', 'main', 'index.js'))) {
  built = mkdtempSync(join(tmpdir(), 'continuum-eng-'))
  cpSync(join(root, 'out', 'main'), join(built, 'main'), { recursive: true })
  cpSync(join(root, 'out', 'preload'), join(built, 'preload'), { recursive: true })
  mkdirSync(join(built, 'renderer'))
  cpSync(join(root, 'out', 'renderer', 'index.html'), join(built, 'renderer', 'index.html'))
  inputs.push({ name: 'out', dir: built })
} else console.warn('lint:electron: out/ is missing (run `npm run build`); scanning the sources only.')

const problems = []
for (const id of new Set(accepted.map((a) => a.id))) if (!securityDoc.includes(id)) problems.push(`${id} is accepted but not explained in SECURITY.md`)

let total = 0
for (const { name: input, dir } of inputs) {
  console.log = () => {} // the tool prints its network failures
  let result
  try {
    result = await run({ input: dir, output: null, isSarif: false, customScan: [], excludeFromScan: [], severitySet: 'informational', confidenceSet: 'tentative', isRelative: true, electronVersionOverride: electronVersion, parserPlugins: [] })
  } finally {
    console.log = quiet
  }
  for (const e of result.errors.filter((e) => !e.tolerable)) problems.push(`${input}/${e.file}: could not be parsed: ${e.message}`)
  for (const issue of result.issues) {
    if (issue.severity.value < SEVERE) continue
    total++
    const where = `${input}/${issue.file}:${issue.location.line}:${issue.location.column}`
    const file = issue.file.replaceAll('\\', '/')
    const ok = accepted.some((a) => a.id === issue.id && file.endsWith(a.file))
    console.log(`${ok ? 'accepted' : 'NEW     '}  ${issue.severity.name.padEnd(6)} ${issue.id}  ${where}`)
    if (!ok) problems.push(`${issue.id} (${issue.severity.name}, ${issue.confidence.name}) at ${where}: ${issue.description}`)
  }
}

if (built) rmSync(built, { recursive: true, force: true })
console.log(`scanned: ${inputs.map((i) => i.name).join(', ')} (out = out/main, out/preload, out/renderer/index.html)`)
if (problems.length) {
  console.error(`\nlint:electron: ${problems.length} unexplained finding(s):\n- ${problems.join('\n- ')}\nFix them, or accept them in scripts/electronegativity-accepted.json with the reason in SECURITY.md.`)
  process.exit(1)
}
console.log(`lint:electron: ${total} medium/high finding(s), all explained in SECURITY.md.`)
