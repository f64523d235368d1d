/**
 * The Slurm commands the executor runs (sbatch, squeue, scontrol, sacct, scancel), each with a
 * deadline, and everything they print back validated: a job id is digits, a state is one of
 * Slurm's names, an exit code is `N:S`. SLURM_CONF in the environment picks the cluster.
 */
import { execFile } from 'node:child_process'
import { AppError } from '../errors'

/** A Slurm command that does not answer in this long is treated as failed (slurmctld unreachable). */
const COMMAND_TIMEOUT_MS = 30_000

export interface CommandResult {
  code: number
  stdout: string
  stderr: string
}

export function run(command: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: COMMAND_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1
      resolve({ code, stdout, stderr: stderr || (error && typeof error.code !== 'number' ? error.message : '') })
    })
  })
}

const JOB_ID = /^(\d{1,12})(;[A-Za-z0-9._-]+)?$/

/** `sbatch --parsable script`: the new job's id, or Slurm's own refusal as the error. */
export async function sbatch(script: string): Promise<string> {
  const r = await run('sbatch', ['--parsable', script])
  const out = r.stdout.trim()
  if (r.code !== 0) throw new AppError('CLUSTER', `sbatch refused the job: ${r.stderr.trim() || `exit code ${r.code}`}`)
  const m = JOB_ID.exec(out)
  if (!m) throw new AppError('CLUSTER', `sbatch printed ${JSON.stringify(out.slice(0, 200))}, not a job id`)
  return m[1]!
}

/** Slurm's job states (squeue %T, sacct State), terminal or not. */
const ACTIVE = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'SUSPENDED', 'RESIZING', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESV_DEL_HOLD', 'SIGNALING', 'STAGE_OUT', 'STOPPED'])
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE', 'OUT_OF_MEMORY', 'REVOKED', 'SPECIAL_EXIT'])

export type SlurmState =
  | { kind: 'active'; state: string }
  | { kind: 'ended'; state: string; code: number | null; signal: number | null }
  | { kind: 'unknown'; why: string }

/** "CANCELLED by 0" → CANCELLED; anything else not a state → null. */
function stateName(raw: string): string | null {
  const name = raw.trim().split(/\s+/)[0] ?? ''
  return ACTIVE.has(name) || TERMINAL.has(name) ? name : null
}

function exitCode(raw: string): { code: number; signal: number } | null {
  const m = /^(\d{1,3}):(\d{1,3})$/.exec(raw.trim())
  return m ? { code: Number(m[1]), signal: Number(m[2]) } : null
}

/**
 * A job's state: squeue while slurmctld remembers it (MinJobAge, 300 s by default), with the
 * exit code from scontrol once it ended; sacct after that (it needs accounting).
 */
export async function jobState(id: string): Promise<SlurmState> {
  const q = await run('squeue', ['-h', '-t', 'all', '-j', id, '-o', '%T'])
  const name = q.code === 0 ? stateName(q.stdout) : null
  if (name && ACTIVE.has(name)) return { kind: 'active', state: name }
  if (name) {
    const s = await run('scontrol', ['show', 'job', '-o', id])
    const m = / ExitCode=(\S+)/.exec(s.stdout)
    const exit = m ? exitCode(m[1]!) : null
    return { kind: 'ended', state: name, code: exit?.code ?? null, signal: exit?.signal ?? null }
  }
  const a = await run('sacct', ['-n', '-X', '-P', '-o', 'JobID,State,ExitCode', '-j', id])
  if (a.code !== 0) return { kind: 'unknown', why: `squeue: ${q.stderr.trim() || 'no such job'}; sacct: ${a.stderr.trim() || `exit code ${a.code}`}` }
  for (const line of a.stdout.split('\n')) {
    const [jobId, state, exit] = line.split('|')
    if (jobId !== id || state === undefined || exit === undefined) continue
    const n = stateName(state)
    const e = exitCode(exit)
    if (!n) return { kind: 'unknown', why: `sacct printed state ${JSON.stringify(state)}` }
    return ACTIVE.has(n) ? { kind: 'active', state: n } : { kind: 'ended', state: n, code: e?.code ?? null, signal: e?.signal ?? null }
  }
  return { kind: 'unknown', why: `neither squeue nor sacct knows job ${id}` }
}

/**
 * scancel. This executor's jobs have no steps (the batch script exec's the worker, so the batch
 * step is the worker), and a signal without `--batch` reaches only steps: measured on 22.05, a
 * plain `scancel --signal=KILL <id>` of a running step-less job cancels it (SIGTERM, CANCELLED
 * 0:15), while `--batch --signal=KILL` kills the worker (FAILED 0:9). Cancel is plain scancel:
 * SIGTERM, then SIGKILL after KillWait.
 */
export async function scancel(id: string, signal: 'USR1' | 'KILL' | null): Promise<void> {
  const args = signal ? ['--batch', `--signal=${signal}`, id] : [id]
  const r = await run('scancel', args)
  if (r.code !== 0) throw new AppError('CLUSTER', `scancel ${args.join(' ')} failed: ${r.stderr.trim() || `exit code ${r.code}`}`)
}

/** Takes a job out of the queue only if it is still waiting there (no worker to signal yet); a no-op once it runs. */
export async function scancelPending(id: string): Promise<void> {
  const r = await run('scancel', ['--state=PENDING', id])
  if (r.code !== 0) throw new AppError('CLUSTER', `scancel --state=PENDING ${id} failed: ${r.stderr.trim() || `exit code ${r.code}`}`)
}
