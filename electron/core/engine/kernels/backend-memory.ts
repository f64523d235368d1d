/**
 * The TF.js wasm backend's own memory and where a tensor sits in it: the kernels that run in
 * place (heap.as.ts, gemm.as.ts) are instantiated on that memory and take byte offsets.
 */
import type * as tf from '@tensorflow/tfjs-core'
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'

export function backendMemory(backend: BackendWasm): WebAssembly.Memory {
  const memory = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm?.memory
  if (!(memory instanceof WebAssembly.Memory)) throw new Error('tfjs-backend-wasm does not expose its memory (asm.memory); the pinned 4.22 build does')
  return memory
}

/** Byte offset of a tensor's data in the backend's memory. */
export const offsetOf = (backend: BackendWasm, t: tf.TensorInfo): number => backend.dataIdMap.get(t.dataId)!.memoryOffset

/** One instance of a module per backend memory (each gradient thread has its own backend). */
export function perMemory<T>(wasmBase64: string): (backend: BackendWasm) => T {
  let module: WebAssembly.Module | undefined
  const instances = new WeakMap<WebAssembly.Memory, T>()
  return (backend) => {
    const memory = backendMemory(backend)
    let k = instances.get(memory)
    if (!k) {
      module ??= new WebAssembly.Module(Buffer.from(wasmBase64, 'base64'))
      k = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as T
      instances.set(memory, k)
    }
    return k
  }
}
