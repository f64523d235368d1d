/**
 * Whether this runtime has WebAssembly relaxed SIMD, which the GEMM kernel (gemm.as.ts) needs.
 * It is on by default in Node 22+ (V8 11.4+) and in Electron; Node 20 ships it behind a V8
 * flag, so processes the engine starts pass RELAXED_SIMD_EXEC_ARGV there.
 */

/** V8's switch for relaxed SIMD; only Node 20 (V8 11.3) needs it, and it is process-wide. */
const RELAXED_SIMD_FLAG = '--experimental-wasm-relaxed-simd'

const nodeMajor = Number(process.versions.node.split('.')[0])

/** Exec arguments for a Node child process that runs the engine: the flag on Node 20 only (not Electron, which has it on). */
export const RELAXED_SIMD_EXEC_ARGV: readonly string[] = nodeMajor === 20 && !process.versions.electron ? [RELAXED_SIMD_FLAG] : []

// (module (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd))
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // type: (v128 v128 v128) → v128
  0x03, 0x02, 0x01, 0x00, // one function of that type
  0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b, // body; 0xfd 0x105 is f32x4.relaxed_madd
])

let supported: boolean | undefined

/** Whether this process can compile relaxed SIMD (checked once: the answer cannot change). */
export function hasRelaxedSimd(): boolean {
  supported ??= WebAssembly.validate(PROBE)
  return supported
}
