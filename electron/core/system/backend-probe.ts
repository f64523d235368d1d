/**
 * Which TF.js backend a training worker would get on this machine. The probe runs
 * `selectBackend` in a short-lived child process (so native TensorFlow never loads into the
 * main process) and the answer is cached for the life of the app.
 */
import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { BackendInfo } from '../../../shared'
import { RELAXED_SIMD_EXEC_ARGV } from '../engine/kernels/relaxed-simd'

export interface ProbeResult {
  backend: string
  simd: boolean | null
  device: string
  unavailable: { name: string; reason: string }[]
}

const PROBE_TIMEOUT_MS = 60_000

/** What to install or check for a backend that could not load; null when there is no advice. */
export function backendFix(name: string, reason: string): string | null {
  const pkg = name === 'tfjs-node-gpu' ? '@tensorflow/tfjs-node-gpu' : name === 'tfjs-node' ? '@tensorflow/tfjs-node' : null
  if (pkg && reason === 'not installed')
    return `Install it with \`npm install ${pkg}@4.22.0\` in the app folder (it downloads libtensorflow, so it needs internet access once), then restart Continuum.`
  if (/CUDA libraries not found/i.test(reason))
    return 'Install the NVIDIA driver, CUDA 11.2 and cuDNN 8.1 (tfjs-node-gpu 4.x is built against exactly these), and put their library folders on LD_LIBRARY_PATH (Linux) or PATH (Windows), then restart.'
  if (/no CUDA device/i.test(reason)) return 'Check that the NVIDIA driver sees the card (`nvidia-smi`) and that CUDA_VISIBLE_DEVICES does not hide it.'
  return null
}

export function toBackendInfo(result: ProbeResult, now = new Date()): BackendInfo {
  return {
    backend: result.backend,
    simd: result.simd,
    device: result.device,
    unavailable: result.unavailable.map((u) => ({ ...u, fix: backendFix(u.name, u.reason) })),
    probedAt: now.toISOString(),
  }
}

function probeEntry(): { file: string; execArgv: string[] } {
  for (const dir of [__dirname, join(__dirname, '..')]) {
    const built = join(dir, 'probe.js')
    if (existsSync(built)) return { file: built, execArgv: [] }
  }
  const source = join(__dirname, '../../worker/probe.ts')
  if (existsSync(source)) return { file: source, execArgv: ['--import', 'tsx'] }
  throw new Error(`The backend probe entry was not found (looked beside ${__dirname}).`)
}

/** Runs the probe process once and returns what it reported. */
export function runProbe(timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const entry = probeEntry()
    const child = fork(entry.file, [], { execArgv: [...RELAXED_SIMD_EXEC_ARGV, ...entry.execArgv], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    let stderr = ''
    let settled = false
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-2000)))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      done(new Error(`The backend probe did not answer within ${timeoutMs / 1000} s.`))
    }, timeoutMs)
    function done(error: Error | null, value?: ProbeResult) {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (error) reject(error)
      else resolve(value!)
    }
    child.on('message', (m) => done(null, m as ProbeResult))
    child.on('error', (e) => done(e))
    child.on('exit', (code) => done(new Error(`The backend probe exited (code ${code}) without an answer: ${stderr.trim().split('\n').slice(-3).join(' ')}`)))
  })
}

let cached: Promise<BackendInfo> | undefined

/** The cached probe; a failed probe is retried on the next call. */
export function probeBackends(run: () => Promise<ProbeResult> = runProbe): Promise<BackendInfo> {
  if (!cached) {
    cached = run().then((r) => toBackendInfo(r))
    cached.catch(() => (cached = undefined))
  }
  return cached
}
