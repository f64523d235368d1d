/**
 * The only module that imports @tensorflow/*. It loads the best backend this machine can
 * run — tfjs-node-gpu (CUDA), tfjs-node, wasm (SIMD), cpu — and says why each better one is
 * unavailable, so the user sees e.g. "tfjs-node-gpu: not installed".
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import { installWasmKernelFixes } from './wasm-kernels'

export { tf }

/** What a run trained on, for its report: the Node (or Electron's Node) and TF.js versions of this process. */
export const runtimeVersions = (): { node: string; tfjs: string } => ({ node: process.versions.node, tfjs: tf.version_core })
export type Tensor = tf.Tensor
export type Tensor1D = tf.Tensor1D
export type Tensor2D = tf.Tensor2D

export const BACKENDS = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const
export type BackendName = (typeof BACKENDS)[number]

export interface BackendChoice {
  name: BackendName
  /** For each better backend that was passed over, why. */
  unavailable: { name: BackendName; reason: string }[]
  simd?: boolean
}

const nodeRequire = createRequire(__filename)

function loadNative(pkg: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node'): string | null {
  try {
    // Let several workers share one card: allocate GPU memory as it is needed.
    process.env.TF_FORCE_GPU_ALLOW_GROWTH ??= 'true'
    nodeRequire(pkg)
    return null
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (/Cannot find module/.test(message) && message.includes(pkg)) return 'not installed'
    if (/libcud|libcublas|libcudnn|cuda/i.test(message))
      return `CUDA libraries not found (tfjs-node-gpu 4.x needs CUDA 11.2 and cuDNN 8.1): ${message.split('\n')[0]}`
    return `failed to load: ${message.split('\n')[0]}`
  }
}

async function tryBackend(name: BackendName): Promise<string | null> {
  if (name === 'tfjs-node-gpu' || name === 'tfjs-node') {
    const problem = loadNative(name === 'tfjs-node-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node')
    if (problem) return problem
    if (!(await tf.setBackend('tensorflow'))) return 'the native backend did not initialise'
    if (name === 'tfjs-node-gpu') {
      // tfjs-node-gpu silently runs on the CPU when no device is visible.
      const gpus = (tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice
      if (gpus === false) return 'no CUDA device visible'
    }
    return null
  }
  if (name === 'wasm') {
    try {
      await import('@tensorflow/tfjs-backend-wasm')
      setWasmPaths(join(dirname(nodeRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/')
      if (!(await tf.setBackend('wasm'))) return 'the WebAssembly module did not initialise'
      installWasmKernelFixes()
      return null
    } catch (error) {
      return `failed to load: ${error instanceof Error ? error.message : String(error)}`
    }
  }
  return (await tf.setBackend('cpu')) ? null : 'the cpu backend did not initialise'
}

/**
 * Picks the backend for this process. `preferred` forces one (and fails with the reason if it
 * cannot load); 'auto' walks down the list.
 */
export async function selectBackend(preferred: BackendName | 'auto' = 'auto'): Promise<BackendChoice> {
  const candidates = preferred === 'auto' ? BACKENDS : [preferred]
  const unavailable: BackendChoice['unavailable'] = []
  for (const name of candidates) {
    const problem = await tryBackend(name)
    if (problem === null) {
      await tf.ready()
      const simd = name === 'wasm' ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : undefined
      return { name, unavailable, ...(simd === undefined ? {} : { simd }) }
    }
    unavailable.push({ name, reason: problem })
  }
  throw new Error(`No TensorFlow.js backend could be loaded: ${unavailable.map((u) => `${u.name}: ${u.reason}`).join('; ')}`)
}

export function activeBackend(): BackendName {
  const name = tf.getBackend()
  if (name === 'tensorflow') return process.env.CONTINUUM_NATIVE_GPU === '1' ? 'tfjs-node-gpu' : 'tfjs-node'
  return name as BackendName
}
