/**
 * Fixes to tfjs-backend-wasm 4.22 kernels that are slow for no reason of the hardware.
 *
 * Slice: the shipped kernel calls backend.readSync(x), which copies the *whole* input out of
 * the wasm heap on every call (1.3 ms for a 2048×256 input even when slicing 4 KB). Attention
 * slices per head, so that copy dominated a training step. This kernel reads the input in
 * place through a heap view.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'

type Heap = Float32Array | Int32Array | Uint8Array

function slice(args: { inputs: tf.SliceInputs; attrs: tf.SliceAttrs; backend: BackendWasm }): tf.TensorInfo {
  const { inputs, attrs, backend } = args
  const x = inputs.x as tf.TensorInfo
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin, attrs.size) as [number[], number[]]
  const out = backend.makeOutput(size, x.dtype)
  const xVals = backend.typedArrayFromHeap(x) as Heap
  const outVals = backend.typedArrayFromHeap(out) as Heap
  const strides = tf.util.computeStrides(x.shape)
  if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    const offset = tf.slice_util.computeFlatOffset(begin, strides)
    outVals.set(xVals.subarray(offset, offset + tf.util.sizeFromShape(size)))
    return out
  }
  // Copy contiguous runs of the innermost dimension, walking the outer indices.
  const rank = x.shape.length
  const inner = size[rank - 1]!
  const outer = tf.util.sizeFromShape(size.slice(0, rank - 1))
  const index = new Array<number>(rank - 1).fill(0)
  let o = 0
  for (let n = 0; n < outer; n++) {
    let offset = begin[rank - 1]!
    for (let d = 0; d < rank - 1; d++) offset += (begin[d]! + index[d]!) * strides[d]!
    outVals.set(xVals.subarray(offset, offset + inner), o)
    o += inner
    for (let d = rank - 2; d >= 0; d--) {
      if (++index[d]! < size[d]!) break
      index[d] = 0
    }
  }
  return out
}

let installed = false

export function installWasmKernelFixes(): void {
  if (installed) return
  tf.unregisterKernel(tf.Slice, 'wasm')
  tf.registerKernel({ kernelName: tf.Slice, backendName: 'wasm', kernelFunc: slice as unknown as tf.KernelFunc })
  installed = true
}
