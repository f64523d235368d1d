/**
 * A short-lived process that loads the best TF.js backend exactly as a training worker does,
 * reports what it got, and exits. The main process never loads native TensorFlow itself.
 */
import { cpus } from 'node:os'
import { selectBackend } from '../core/engine/tf'

async function main(): Promise<void> {
  const choice = await selectBackend('auto')
  const cores = cpus()
  const device = choice.name === 'tfjs-node-gpu' ? 'GPU (CUDA)' : `CPU: ${cores[0]?.model.trim() ?? 'unknown'} (${cores.length} cores)`
  const result = { backend: choice.name, simd: choice.simd ?? null, device, unavailable: choice.unavailable }
  await new Promise<void>((resolve) => (process.send ? process.send(result, undefined, {}, () => resolve()) : resolve()))
  process.exit(0)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
  process.exit(1)
})
