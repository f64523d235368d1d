/**
 * Which Node.js versions Continuum supports, and the message for any other. Pure, so it is
 * tested without starting a process; the entry points (CLI, web host) import
 * require-supported-node.ts first, so an old Node gets this message rather than a stack trace
 * from a dependency or a native module.
 *
 * The range is the one the build tools declare (vite 8, electron-vite 6, @vitejs/plugin-react
 * 6: `^20.19.0 || >=22.12.0`); package.json's `engines` says the same. `.ci/run` tests the
 * machine's Node (20) and the LTS lines 22 and 24 (scripts/ci-node-versions.sh).
 */
export const SUPPORTED_NODE_RANGE = '^20.19.0 || >=22.12.0'
export const TESTED_NODE_LINES = [20, 22, 24] as const

/** Null when `version` (e.g. process.version) is supported, else what to tell the user. */
export function nodeSupportProblem(version: string): string | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version)
  if (!m) return `Cannot read the Node.js version "${version}".`
  const major = Number(m[1])
  const minor = Number(m[2])
  const supported = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22
  if (supported) return null
  return (
    `Continuum needs Node.js ${SUPPORTED_NODE_RANGE} (tested on ${TESTED_NODE_LINES.join(', ')}); this is Node.js ${version.replace(/^v?/, '')}. ` +
    'Install Node.js 22 or 24 LTS, then run "npm ci" again so native modules are built for it.'
  )
}

export function exitIfUnsupportedNode(version: string = process.version): void {
  const problem = nodeSupportProblem(version)
  if (problem === null) return
  console.error(`continuum: ${problem}`)
  process.exit(1)
}
