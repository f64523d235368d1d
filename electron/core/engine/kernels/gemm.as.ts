// A single-precision GEMM that runs in place on the TF.js wasm backend's memory (this module
// imports it), with relaxed SIMD's fused multiply-add (f32x4.relaxed_madd: one vfmadd231ps on
// x86 with FMA, one fmla on ARM). AssemblyScript, compiled by `npm run build:kernels` into
// gemm-wasm.ts with --enable relaxed-simd. Pointers are byte offsets in that memory; the module
// owns no memory and has no data segments (the build checks).
//
// C[m, n] = op(A)[m, k] · op(B)[k, n] (+ bias[n]), op a transpose when asked. BLIS's loop
// order: for each block of KC rows of op(B), pack it into panels of NR columns; for each block
// of MC rows of op(A), pack it into panels of MR rows; then an MR×NR micro-kernel runs every
// A panel against every B panel, accumulating in registers. Packing reads either layout, so
// both transposes cost one pass over each operand, O(mk + kn), against the O(mkn) product.
//
// MR×NR = 4×8: 8 v128 accumulators, 2 for the B row and 1 for the broadcast A value. V8 on
// x64 allocates xmm0–14 (xmm15 is its scratch; no zmm16–31 even with AVX-512): a 6×8 tile
// (15 live values) spilled 3 accumulators to the stack every k step in its generated code and
// ran at 0.6× the 4×8 tile measured side by side; 4×16 or 6×16 tiles would spill more. An
// unrolled k loop (2 steps) also spilled and ran slower.
// KC = 256: an A panel (4·256·4 = 4 KB) and a B panel (8·256·4 = 8 KB) sit in a 32 KB L1;
// MC = 96: the packed A block (96·256·4 = 96 KB) stays in L2 while the B panels stream past.

import { at, storeTransposed4x4 } from './simd.as'

const MR = 4
const NR = 8
const KC = 256
const MC = 96

/** Bytes of scratch that gemm needs for n output columns: the packed A block, B block and an edge tile. */
export function scratchBytes(n: i32): i32 {
  const nPanels = (n + NR - 1) / NR
  return (MC * KC + nPanels * NR * KC + MR * NR) * 4 + 64
}

/**
 * Packs op(B)[k0 .. k0+kc, 0 .. n] into panels of NR columns, each [kc][NR], zero past n.
 * op(B)[p, j] is b[p·n + j], or b[j·k + p] when transposed (b stored [n, k]).
 */
function packB(b: usize, transB: bool, k: i32, n: i32, k0: i32, kc: i32, dst: usize): void {
  for (let j0 = 0; j0 < n; j0 += NR) {
    const w = min(NR, n - j0)
    const panel = at(dst, (j0 / NR) * NR * kc)
    if (!transB && w == NR) {
      for (let p = 0; p < kc; p++) {
        const src = at(b, (k0 + p) * n + j0)
        v128.store(at(panel, p * NR), v128.load(src))
        v128.store(at(panel, p * NR + 4), v128.load(src, 16))
      }
    } else if (!transB) {
      for (let p = 0; p < kc; p++) {
        const row = at(panel, p * NR)
        v128.store(row, f32x4.splat(0))
        v128.store(row, f32x4.splat(0), 16)
        for (let j = 0; j < w; j++) store<f32>(at(row, j), load<f32>(at(b, (k0 + p) * n + j0 + j)))
      }
    } else if (w == NR) {
      // Transposed: two 4×4 blocks of rows of b (columns of op(B)) per 4 values of p.
      const s0 = at(b, j0 * k + k0)
      const ks = <usize>k << 2
      let p = 0
      for (; p + 4 <= kc; p += 4) {
        const q = at(s0, p)
        storeTransposed4x4(at(panel, p * NR), NR << 2, v128.load(q), v128.load(q + ks), v128.load(q + 2 * ks), v128.load(q + 3 * ks))
        storeTransposed4x4(at(panel, p * NR + 4), NR << 2, v128.load(q + 4 * ks), v128.load(q + 5 * ks), v128.load(q + 6 * ks), v128.load(q + 7 * ks))
      }
      for (; p < kc; p++) for (let j = 0; j < NR; j++) store<f32>(at(panel, p * NR + j), load<f32>(at(s0, j * k + p)))
    } else {
      memory.fill(panel, 0, <usize>(kc * NR) << 2)
      for (let j = 0; j < w; j++) {
        const src = at(b, (j0 + j) * k + k0)
        for (let p = 0; p < kc; p++) store<f32>(at(panel, p * NR + j), load<f32>(at(src, p)))
      }
    }
  }
}

/**
 * Packs op(A)[i0 .. i0+mc, k0 .. k0+kc] into panels of MR rows, each [kc][MR], zero past m.
 * op(A)[i, p] is a[i·k + p], or a[p·m + i] when transposed (a stored [k, m]).
 */
function packA(a: usize, transA: bool, m: i32, k: i32, i0: i32, mc: i32, k0: i32, kc: i32, dst: usize): void {
  for (let r0 = 0; r0 < mc; r0 += MR) {
    const h = min(MR, mc - r0)
    const panel = at(dst, (r0 / MR) * MR * kc)
    if (h == MR && transA) {
      for (let p = 0; p < kc; p++) v128.store(at(panel, p * MR), v128.load(at(a, (k0 + p) * m + i0 + r0)))
    } else if (h == MR) {
      // Four rows of a, transposed 4×4 at a time into [p][row].
      const s0 = at(a, (i0 + r0) * k + k0)
      const ks = <usize>k << 2
      let p = 0
      for (; p + 4 <= kc; p += 4) {
        const q = at(s0, p)
        storeTransposed4x4(at(panel, p * MR), MR << 2, v128.load(q), v128.load(q + ks), v128.load(q + 2 * ks), v128.load(q + 3 * ks))
      }
      for (; p < kc; p++) for (let r = 0; r < MR; r++) store<f32>(at(panel, p * MR + r), load<f32>(at(s0, r * k + p)))
    } else {
      memory.fill(panel, 0, <usize>(kc * MR) << 2)
      for (let r = 0; r < h; r++)
        for (let p = 0; p < kc; p++) store<f32>(at(panel, p * MR + r), load<f32>(transA ? at(a, (k0 + p) * m + i0 + r0 + r) : at(a, (i0 + r0 + r) * k + k0 + p)))
    }
  }
}

/**
 * The 4×8 micro-kernel: tile = (first ? init : tile) + Apanel·Bpanel over kc, where init is the
 * bias row (or zero). `c` points at the tile's first element, rows `ldc` floats apart.
 */
@inline function kernel4x8(ap: usize, bp: usize, kc: i32, c: usize, ldc: i32, first: bool, bias: usize): void {
  const rs = <usize>ldc << 2
  let c00: v128, c01: v128
  let c10: v128, c11: v128
  let c20: v128, c21: v128
  let c30: v128, c31: v128
  if (first) {
    const b0 = bias ? v128.load(bias) : f32x4.splat(0)
    const b1 = bias ? v128.load(bias, 16) : f32x4.splat(0)
    c00 = b0; c01 = b1
    c10 = b0; c11 = b1
    c20 = b0; c21 = b1
    c30 = b0; c31 = b1
  } else {
    c00 = v128.load(c + 0 * rs); c01 = v128.load(c + 0 * rs, 16)
    c10 = v128.load(c + 1 * rs); c11 = v128.load(c + 1 * rs, 16)
    c20 = v128.load(c + 2 * rs); c21 = v128.load(c + 2 * rs, 16)
    c30 = v128.load(c + 3 * rs); c31 = v128.load(c + 3 * rs, 16)
  }
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp)
    const b1 = v128.load(bp, 16)
    let a = v128.load32_splat(ap)
    c00 = f32x4.relaxed_madd(a, b0, c00); c01 = f32x4.relaxed_madd(a, b1, c01)
    a = v128.load32_splat(ap, 4)
    c10 = f32x4.relaxed_madd(a, b0, c10); c11 = f32x4.relaxed_madd(a, b1, c11)
    a = v128.load32_splat(ap, 8)
    c20 = f32x4.relaxed_madd(a, b0, c20); c21 = f32x4.relaxed_madd(a, b1, c21)
    a = v128.load32_splat(ap, 12)
    c30 = f32x4.relaxed_madd(a, b0, c30); c31 = f32x4.relaxed_madd(a, b1, c31)
    ap += 16
    bp += 32
  }
  v128.store(c + 0 * rs, c00); v128.store(c + 0 * rs, c01, 16)
  v128.store(c + 1 * rs, c10); v128.store(c + 1 * rs, c11, 16)
  v128.store(c + 2 * rs, c20); v128.store(c + 2 * rs, c21, 16)
  v128.store(c + 3 * rs, c30); v128.store(c + 3 * rs, c31, 16)
}

/**
 * c[m, n] = op(a)·op(b) (+ bias[n] when bias ≠ 0), for `batches` products whose operands sit
 * aStride, bStride floats apart (0 broadcasts one operand) and whose outputs are contiguous.
 * `scratch` holds scratchBytes(n) bytes.
 */
export function gemm(
  a: usize, b: usize, c: usize, bias: usize, batches: i32, aStride: i32, bStride: i32,
  m: i32, n: i32, k: i32, transA: bool, transB: bool, scratch: usize,
): void {
  const base = (scratch + 63) & ~63
  const packedA = base
  const tile = at(packedA, MC * KC)
  const packedB = at(tile, MR * NR)
  for (let t = 0; t < batches; t++) {
    const ab = at(a, t * aStride)
    const bt = at(b, t * bStride)
    const ct = at(c, t * m * n)
    if (k == 0) {
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) store<f32>(at(ct, i * n + j), bias ? load<f32>(at(bias, j)) : 0)
      continue
    }
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = min(KC, k - k0)
      const first = k0 == 0
      packB(bt, transB, k, n, k0, kc, packedB)
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = min(MC, m - i0)
        packA(ab, transA, m, k, i0, mc, k0, kc, packedA)
        for (let j0 = 0; j0 < n; j0 += NR) {
          const w = min(NR, n - j0)
          const bp = at(packedB, j0 * kc)
          for (let r0 = 0; r0 < mc; r0 += MR) {
            const h = min(MR, mc - r0)
            const ap = at(packedA, r0 * kc)
            const cp = at(ct, (i0 + r0) * n + j0)
            if (h == MR && w == NR) {
              kernel4x8(ap, bp, kc, cp, n, first, bias ? at(bias, j0) : 0)
            } else {
              // An edge tile: run the full kernel on a 4×8 copy, then write back its valid part.
              for (let r = 0; r < MR; r++)
                for (let j = 0; j < NR; j++) {
                  const inside = r < h && j < w
                  const v: f32 = first ? (bias && j < w ? load<f32>(at(bias, j0 + j)) : 0) : inside ? load<f32>(at(cp, r * n + j)) : 0
                  store<f32>(at(tile, r * NR + j), v)
                }
              kernel4x8(ap, bp, kc, tile, NR, false, 0)
              for (let r = 0; r < h; r++) for (let j = 0; j < w; j++) store<f32>(at(cp, r * n + j), load<f32>(at(tile, r * NR + j)))
            }
          }
        }
      }
    }
  }
}
