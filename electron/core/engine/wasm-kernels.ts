/**
 * Fixes to tfjs-backend-wasm 4.22 kernels that are slow for no reason of the hardware, and
 * Continuum's fused kernels for the wasm backend.
 *
 * Slice: the shipped kernel calls backend.readSync(x), which copies the *whole* input out of
 * the wasm heap on every call (1.3 ms for a 2048×256 input even when slicing 4 KB). Attention
 * slices per head, so that copy dominated a training step. This kernel reads the input in
 * place through a heap view. SplitV and Unpack call the shipped slice function directly
 * rather than through the kernel registry, so they are replaced too.
 *
 * Transpose: swapping the two innermost axes (every matrix transpose the backward pass
 * needs) runs at ~9 ns per element in the shipped kernel; the SIMD kernel of heap.as.ts does
 * it in place on the backend's memory. Other permutations keep the shipped kernel.
 *
 * BatchMatMul and _FusedMatMul: Continuum's relaxed-SIMD GEMM where the runtime has relaxed
 * SIMD (kernels/gemm.ts), XNNPACK otherwise.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import { offsetOf, perMemory } from './kernels/backend-memory'
import { gemmKernels } from './kernels/gemm'
import { heapWasm } from './kernels/heap-wasm'

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

type SliceBackend = { backend: BackendWasm }

function splitV(args: { inputs: tf.SplitVInputs; attrs: tf.SplitVAttrs } & SliceBackend): tf.TensorInfo[] {
  const x = args.inputs.x as tf.TensorInfo
  const axis = tf.util.parseAxisParam(args.attrs.axis, x.shape)[0]!
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs.numOrSizeSplits, axis)
  const begin = new Array<number>(x.shape.length).fill(0)
  return sizes.map((s) => {
    const size = [...x.shape]
    size[axis] = s
    const out = slice({ inputs: { x }, attrs: { begin: [...begin], size }, backend: args.backend })
    begin[axis]! += s
    return out
  })
}

function unpack(args: { inputs: tf.UnpackInputs; attrs: tf.UnpackAttrs } & SliceBackend): tf.TensorInfo[] {
  const value = args.inputs.value as tf.TensorInfo
  const rank = value.shape.length
  const axis = args.attrs.axis < 0 ? args.attrs.axis + rank : args.attrs.axis
  const outShape = value.shape.filter((_, i) => i !== axis)
  const size = [...value.shape]
  size[axis] = 1
  return Array.from({ length: value.shape[axis]! }, (_, i) => {
    const begin = new Array<number>(rank).fill(0)
    begin[axis] = i
    const sliced = slice({ inputs: { x: value }, attrs: { begin, size }, backend: args.backend })
    // A reshape is a new view of the same data: relabel the shape in place.
    return { ...sliced, shape: outShape }
  })
}

interface HeapKernels {
  transpose(src: number, dst: number, batches: number, rows: number, cols: number): void
  geluForward(x: number, y: number, s: number, n: number): void
  geluBackward(dy: number, x: number, s: number, dx: number, n: number): void
  layerNormForward(x: number, g: number, b: number, y: number, xhat: number, rstd: number, rows: number, d: number, eps: number): void
  layerNormBackward(dy: number, xhat: number, rstd: number, g: number, dx: number, dgb: number, rows: number, d: number): void
}

/** The kernels of heap.as.ts, instantiated on this backend's own memory. */
const kernelsFor = perMemory<HeapKernels>(heapWasm)

function makeTranspose(shipped: tf.KernelFunc) {
  return (args: { inputs: tf.TransposeInputs; attrs: tf.TransposeAttrs } & SliceBackend): tf.TensorInfo => {
    const x = args.inputs.x as tf.TensorInfo
    const perm = args.attrs.perm
    const rank = x.shape.length
    const swapsLastTwo =
      x.dtype === 'float32' && rank >= 2 && perm[rank - 1] === rank - 2 && perm[rank - 2] === rank - 1 && perm.slice(0, rank - 2).every((p, i) => p === i)
    if (!swapsLastTwo) return shipped(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo
    const rows = x.shape[rank - 2]!
    const cols = x.shape[rank - 1]!
    const outShape = [...x.shape.slice(0, rank - 2), cols, rows]
    const out = args.backend.makeOutput(outShape, x.dtype)
    kernelsFor(args.backend).transpose(offsetOf(args.backend, x), offsetOf(args.backend, out), tf.util.sizeFromShape(x.shape.slice(0, rank - 2)), rows, cols)
    return out
  }
}

// ---- Fused layers (heap.as.ts), run through the engine as kernels of their own -------------
// layers.ts calls them on wasm when the last axis is a multiple of 4 (the kernels' SIMD width).

export const FUSED = {
  gelu: 'ContinuumGelu',
  geluGrad: 'ContinuumGeluGrad',
  layerNorm: 'ContinuumLayerNorm',
  layerNormGrad: 'ContinuumLayerNormGrad',
} as const

type Args = { inputs: tf.NamedTensorInfoMap; attrs: tf.NamedAttrMap; backend: BackendWasm }

function fused(name: string, run: (k: HeapKernels, backend: BackendWasm, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap) => tf.TensorInfo[]) {
  return { name, func: ({ inputs, attrs, backend }: Args) => run(kernelsFor(backend), backend, inputs, attrs) }
}

const fusedKernels = [
  fused(FUSED.gelu, (k, backend, { x }) => {
    const y = backend.makeOutput(x!.shape, 'float32')
    const s = backend.makeOutput(x!.shape, 'float32')
    const at = (t: tf.TensorInfo) => offsetOf(backend, t)
    k.geluForward(at(x!), at(y), at(s), tf.util.sizeFromShape(x!.shape))
    return [y, s]
  }),
  fused(FUSED.geluGrad, (k, backend, { dy, x, s }) => {
    const dx = backend.makeOutput(x!.shape, 'float32')
    const at = (t: tf.TensorInfo) => offsetOf(backend, t)
    k.geluBackward(at(dy!), at(x!), at(s!), at(dx), tf.util.sizeFromShape(x!.shape))
    return [dx]
  }),
  fused(FUSED.layerNorm, (k, backend, { x, g, b }, { eps }) => {
    const [rows, d] = x!.shape as [number, number]
    const y = backend.makeOutput([rows, d], 'float32')
    const xhat = backend.makeOutput([rows, d], 'float32')
    const rstd = backend.makeOutput([rows, 1], 'float32')
    const at = (t: tf.TensorInfo) => offsetOf(backend, t)
    k.layerNormForward(at(x!), at(g!), at(b!), at(y), at(xhat), at(rstd), rows, d, eps as number)
    return [y, xhat, rstd]
  }),
  fused(FUSED.layerNormGrad, (k, backend, { dy, xhat, rstd, g }) => {
    const [rows, d] = dy!.shape as [number, number]
    const dx = backend.makeOutput([rows, d], 'float32')
    const dgb = backend.makeOutput([2, d], 'float32')
    const at = (t: tf.TensorInfo) => offsetOf(backend, t)
    k.layerNormBackward(at(dy!), at(xhat!), at(rstd!), at(g!), at(dx), at(dgb), rows, d)
    return [dx, dgb]
  }),
]

let installed = false

export function installWasmKernelFixes(): void {
  if (installed) return
  const replace = (kernelName: string, kernelFunc: unknown) => {
    tf.unregisterKernel(kernelName, 'wasm')
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc })
  }
  replace(tf.Slice, slice)
  replace(tf.SplitV, splitV)
  replace(tf.Unpack, unpack)
  replace(tf.Transpose, makeTranspose(tf.getKernel(tf.Transpose, 'wasm')!.kernelFunc))
  const gemm = gemmKernels({ batchMatMul: tf.getKernel(tf.BatchMatMul, 'wasm')!.kernelFunc, fusedMatMul: tf.getKernel(tf._FusedMatMul, 'wasm')!.kernelFunc })
  replace(tf.BatchMatMul, gemm.batchMatMul)
  replace(tf._FusedMatMul, gemm.fusedMatMul)
  for (const { name, func } of fusedKernels) if (!tf.getKernel(name, 'wasm')) tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: func as unknown as tf.KernelFunc })
  installed = true
}
