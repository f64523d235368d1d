/**
 * Settings' "Test" of a cluster profile (issue 15): asks this machine's Slurm client what it
 * is (`sinfo --version`) and which partitions it offers (`sinfo -h -o %P`), and checks the
 * profile's partition and cluster folder against them. sinfo is run as argv (no shell, no
 * string interpolation) with a timeout, in the host's environment (so SLURM_CONF applies), and
 * what it prints is validated before it is shown. Slurm's own error text is passed on as is.
 */
import { execFile } from 'node:child_process'
import { access, constants, stat } from 'node:fs/promises'
import type { ClusterProfile, ClusterTestResult } from '../../../shared'
import { AppError } from '../errors'
import { writablePath, type PathPolicy } from './path-policy'

/** sinfo asks slurmctld; a controller that is down makes it retry for about 60 s, so stop well before. */
export const SINFO_TIMEOUT_MS = 15_000
/** Partition lists are short; anything this long is not sinfo's answer. */
const MAX_OUTPUT = 256 * 1024

const VERSION = /^slurm(-wlm)? \d+\.\d+(\.\d+)?[\w.-]*$/
const PARTITION = /^([A-Za-z0-9._-]+)(\*?)$/

export interface ProbeOptions {
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
  /**
   * Where a client may look (`npm run serve`: the data folder and --allow-dir folders; null: the
   * app and the CLI, anywhere). Outside it the cluster folder is not checked, so a browser
   * cannot learn which folders exist on the host (SECURITY.md).
   */
  folders?: PathPolicy | null
}

/** `said`: what sinfo itself printed (or why it did not run), to tell two failures apart. */
type Outcome = { ok: true; stdout: string } | { ok: false; problem: string; said: string }

function sinfo(args: readonly string[], o: ProbeOptions): Promise<Outcome> {
  const timeout = o.timeoutMs ?? SINFO_TIMEOUT_MS
  const command = `sinfo ${args.join(' ')}`
  return new Promise((resolve) => {
    execFile('sinfo', [...args], { env: o.env ?? process.env, timeout, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT, encoding: 'utf8', windowsHide: true }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true, stdout })
      const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: string | number | null }
      if (e.code === 'ENOENT') return resolve({ ok: false, said: 'ENOENT', problem: 'sinfo is not installed on this machine (not found on PATH). Install the Slurm client (Debian: slurm-client) or run Continuum on a login node.' })
      if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return resolve({ ok: false, said: 'maxBuffer', problem: `${command} printed more than ${MAX_OUTPUT / 1024} KiB; that is not a partition list.` })
      if (e.killed) return resolve({ ok: false, said: `timeout ${command}`, problem: `${command} did not answer within ${Math.round(timeout / 1000)} s (is slurmctld reachable from here?).` })
      const said = stderr.trim() || stdout.trim() || e.message
      resolve({ ok: false, said, problem: `${command} failed${typeof e.code === 'number' ? ` (exit ${e.code})` : ''}: ${said}` })
    })
  })
}

/** The partitions in `sinfo -h -o %P` output ("debug*" marks the default); a line of another shape is an error. */
export function parsePartitions(stdout: string): { partitions: { name: string; isDefault: boolean }[]; problems: string[] } {
  const partitions: { name: string; isDefault: boolean }[] = []
  const problems: string[] = []
  for (const [i, raw] of stdout.split('\n').entries()) {
    const line = raw.trim()
    if (line === '') continue
    const m = PARTITION.exec(line)
    if (!m) problems.push(`sinfo -h -o %P, line ${i + 1}: "${line.slice(0, 80)}" is not a partition name`)
    else if (!partitions.some((p) => p.name === m[1])) partitions.push({ name: m[1]!, isDefault: m[2] === '*' })
  }
  return { partitions, problems }
}

async function checkFolder(dir: string, folders: PathPolicy | null): Promise<string | null> {
  try {
    await writablePath(folders, dir)
  } catch (error) {
    if (error instanceof AppError) return `The cluster folder was not checked: ${error.message}`
    throw error
  }
  try {
    if (!(await stat(dir)).isDirectory()) return `The cluster folder ${dir} is not a folder.`
    await access(dir, constants.W_OK)
    return null
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return `The cluster folder ${dir} does not exist on this machine; it must be on the shared file system at the same path here and on the nodes.`
    if (code === 'EACCES' || code === 'EPERM') return `The cluster folder ${dir} is not writable from here.`
    return `Cannot use the cluster folder ${dir}: ${error instanceof Error ? error.message : String(error)}`
  }
}

export async function testClusterProfile(profile: ClusterProfile, o: ProbeOptions = {}): Promise<ClusterTestResult> {
  const problems: string[] = []
  const [version, listed, folder] = await Promise.all([sinfo(['--version'], o), sinfo(['-h', '-o', '%P'], o), checkFolder(profile.clusterDir, o.folders ?? null)])
  let versionText: string | null = null
  if (!version.ok) problems.push(version.problem)
  else if (VERSION.test(version.stdout.trim())) versionText = version.stdout.trim()
  else problems.push(`sinfo --version printed "${version.stdout.trim().slice(0, 80)}", not a Slurm version.`)
  let partitions: { name: string; isDefault: boolean }[] = []
  // With no sinfo, or no Slurm configuration, the second call says the same thing again.
  if (!listed.ok) {
    if (!(!version.ok && version.said === listed.said)) problems.push(listed.problem)
  } else {
    const parsed = parsePartitions(listed.stdout)
    partitions = parsed.partitions
    problems.push(...parsed.problems)
    if (parsed.problems.length === 0) {
      if (profile.partition !== null && !partitions.some((p) => p.name === profile.partition)) {
        problems.push(`Partition "${profile.partition}" is not one of this cluster's: ${partitions.map((p) => p.name).join(', ') || '(none listed)'}.`)
      }
      if (profile.partition === null && !partitions.some((p) => p.isDefault)) problems.push('No partition is set and this cluster has no default partition; choose one.')
    }
  }
  if (folder) problems.push(folder)
  return { ok: problems.length === 0, version: versionText, partitions, problems }
}
