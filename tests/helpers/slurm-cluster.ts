/**
 * A real one-node Slurm cluster on localhost for tests (issue 15): Debian's slurm-wlm 22.05 and
 * munge, everything in a temp folder (config, munge key and socket, state, spool, logs), ports
 * of its own, daemons in the foreground as children of the test. `stop()` cancels every job and
 * ends every process that carries this cluster's SLURM_CONF (daemons, slurmstepd, job
 * processes), whatever happened. Needs root (SlurmUser=root, as in a container).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { tempDir } from './temp'

const BINARIES = ['/usr/sbin/munged', '/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch', '/usr/bin/squeue', '/usr/bin/scancel', '/usr/bin/scontrol']

/** Why Slurm cannot run here, or null. */
export function slurmMissing(): string | null {
  const missing = BINARIES.filter((b) => !existsSync(b))
  if (missing.length > 0) return `missing ${missing.join(', ')} (apt-get install slurm-wlm munge)`
  if (process.getuid?.() !== 0) return 'the test cluster runs its daemons as root'
  return null
}

export interface SlurmCluster {
  dir: string
  conf: string
  partition: string
  /** The environment Slurm's commands need (SLURM_CONF). */
  env: Record<string, string>
  stop(): Promise<void>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function startSlurmCluster(): Promise<SlurmCluster> {
  const temp = tempDir('continuum-slurm-')
  const dir = temp.path
  const munge = join(dir, 'munge')
  for (const d of [munge, join(dir, 'state'), join(dir, 'spool')]) mkdirSync(d, { recursive: true })
  chmodSync(munge, 0o711)
  writeFileSync(join(munge, 'munge.key'), randomBytes(1024), { mode: 0o600 })
  // Ports from the pid, so two test processes on one machine do not meet.
  const port = 20_000 + (process.pid % 20_000) * 2
  const conf = join(dir, 'slurm.conf')
  const socket = join(munge, 'munge.socket')
  writeFileSync(
    conf,
    [
      'ClusterName=continuumtest',
      'SlurmctldHost=localhost',
      'SlurmUser=root',
      'SlurmdUser=root',
      `SlurmctldPort=${port}`,
      `SlurmdPort=${port + 1}`,
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${socket}`,
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/slurmctld.log`,
      `SlurmdLogFile=${dir}/slurmd.log`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'JobCompType=jobcomp/none',
      'SchedulerType=sched/backfill',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU',
      'MpiDefault=none',
      'ReturnToService=2',
      // A cancelled job's processes get SIGKILL 5 s after SIGTERM (default 30).
      'KillWait=5',
      // Ended jobs stay in slurmctld's memory for an hour: squeue/scontrol answer, no accounting needed.
      'MinJobAge=3600',
      'SchedulerParameters=sched_interval=1',
      'SlurmdParameters=config_overrides',
      'NodeName=localhost CPUs=2 State=UNKNOWN',
      'PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP',
      '',
    ].join('\n'),
  )
  const env = { SLURM_CONF: conf }
  const children: ChildProcess[] = []
  const daemon = (file: string, args: string[]) => {
    const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr?.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-2000)))
    child.on('exit', (code, signal) => {
      if (!stopping) console.error(`[slurm-cluster] ${file} exited (${code ?? signal}): ${err}`)
    })
    children.push(child)
    return child
  }
  let stopping = false
  const stop = async () => {
    stopping = true
    spawnSync('scancel', ['--full', '--state=RUNNING', '--user=root'], { env: { ...process.env, ...env }, timeout: 10_000 })
    spawnSync('scancel', ['--user=root'], { env: { ...process.env, ...env }, timeout: 10_000 })
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM')
    await sleep(1_000)
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    // slurmstepd and job processes outlive slurmd: every process that carries this cluster's
    // configuration is ours to end.
    for (const pid of processesWith(`SLURM_CONF=${conf}`)) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // gone meanwhile
      }
    }
    temp.cleanup()
  }
  try {
    daemon('/usr/sbin/munged', ['-F', '--force', `--socket=${socket}`, `--key-file=${join(munge, 'munge.key')}`, `--pid-file=${join(munge, 'munged.pid')}`, `--log-file=${join(munge, 'munged.log')}`, `--seed-file=${join(munge, 'munge.seed')}`])
    await waitUntil('the munge socket', () => existsSync(socket), 10_000)
    daemon('/usr/sbin/slurmctld', ['-D', '-f', conf])
    daemon('/usr/sbin/slurmd', ['-D', '-f', conf])
    await waitUntil(
      'sinfo to show the node idle',
      () => spawnSync('sinfo', ['-h', '-N', '-o', '%T'], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 5_000 }).stdout.trim() === 'idle',
      30_000,
      () => `slurmctld.log: ${tail(join(dir, 'slurmctld.log'))}\nslurmd.log: ${tail(join(dir, 'slurmd.log'))}`,
    )
  } catch (error) {
    await stop()
    throw error
  }
  return { dir, conf, partition: 'debug', env, stop }
}

async function waitUntil(what: string, ok: () => boolean, ms: number, detail: () => string = () => ''): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (ok()) return
    await sleep(200)
  }
  throw new Error(`Timed out after ${ms} ms waiting for ${what}. ${detail()}`)
}

function tail(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8').slice(-1500) : '(none)'
}

/** Pids (not this one) whose environment holds `entry`. */
function processesWith(entry: string): number[] {
  const out: number[] = []
  for (const name of readdirSync('/proc')) {
    const pid = Number(name)
    if (!Number.isInteger(pid) || pid === process.pid) continue
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(entry)) out.push(pid)
    } catch {
      // gone, or not ours to read
    }
  }
  return out
}
