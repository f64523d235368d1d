// Causal multi-head self-attention, forward and backward, as one WebAssembly SIMD kernel.
//
// AssemblyScript, compiled by `npm run build:kernels` into attention-wasm.ts. Why a kernel:
// through TF.js ops on wasm, the attention core is ~6,000 small ops per step (a split, reshape
// and matmul per head, then concats and transposes), and it computes the masked half of every
// score matrix too. Here each (sequence, head) pair is done in one pass over data that stays
// in cache, and only the causal half (j ≤ i) is ever computed.
//
// Layouts (all f32, row-major):
//   qkv   [B·T, 3·D]   the c_attn output: q | k | v, each D = H·dh wide, head h at columns h·dh…
//   y     [B·T, D]     output, heads already merged
//   p, pd [B·H, T, Tp] probabilities, and the same after dropout (pd = p when there is none);
//                      rows padded to Tp = T rounded up to 4, zero beyond the diagonal
//   drop  [B·H, T, T]  dropout multipliers (0 or 1/(1−rate)), or 0 for none
//   dy    [B·T, D]     gradient of y;  dqkv [B·T, 3·D] gradient of qkv
// `scratch` is working memory of scratchBytes(T, dh) bytes. All pointers are byte offsets into
// this module's memory, which the caller owns and lays out.

import { at, expNonPositive, pad4 } from './simd.as'

function zero(ptr: usize, floats: i32): void {
  memory.fill(ptr, 0, <usize>floats << 2)
}

export function heapBase(): usize {
  return __heap_base
}

export function scratchBytes(T: i32, dh: i32): i32 {
  const Tp = pad4(T)
  const dp = pad4(dh)
  // forward: kᵀ [dh, Tp], v rows [T, dp], two rows [dp];
  // backward: vᵀ [dh, Tp], q, k, dy rows [T, dp] each, one row [dp], ds [T, Tp]
  return (dh * Tp + 3 * T * dp + dp + T * Tp + 2 * dp) << 2
}

/** dst[c·Tp + j] = src[j·stride + c] for j < T, c < dh: one head's columns, transposed. */
function gatherT(dst: usize, src: usize, stride: i32, T: i32, dh: i32, Tp: i32): void {
  for (let j = 0; j < T; j++) {
    const row = at(src, j * stride)
    for (let c = 0; c < dh; c++) store<f32>(at(dst, c * Tp + j), load<f32>(at(row, c)))
  }
}

/** dst[j·dp + c] = src[j·stride + c]: one head's columns as padded rows. */
function gatherRows(dst: usize, src: usize, stride: i32, T: i32, dh: i32, dp: i32): void {
  for (let j = 0; j < T; j++) memory.copy(at(dst, j * dp), at(src, j * stride), <usize>dh << 2)
}

function scatterRows(dst: usize, stride: i32, src: usize, T: i32, dh: i32, dp: i32): void {
  for (let j = 0; j < T; j++) memory.copy(at(dst, j * stride), at(src, j * dp), <usize>dh << 2)
}

/**
 * out[j] = Σ_c a[c] · bt[c·Tp + j] for j < pad4(n): a row of products against a transposed
 * matrix, four columns per SIMD lane group, sixteen per pass so each a[c] is splatted once.
 */
function rowTimesT(out: usize, a: usize, bt: usize, dh: i32, Tp: i32, n: i32): void {
  const n4 = pad4(n)
  let j = 0
  for (; j + 16 <= n4; j += 16) {
    let s0 = f32x4.splat(0)
    let s1 = f32x4.splat(0)
    let s2 = f32x4.splat(0)
    let s3 = f32x4.splat(0)
    for (let c = 0; c < dh; c++) {
      const x = f32x4.splat(load<f32>(at(a, c)))
      const col = at(bt, c * Tp + j)
      s0 = f32x4.add(s0, f32x4.mul(x, v128.load(col)))
      s1 = f32x4.add(s1, f32x4.mul(x, v128.load(col, 16)))
      s2 = f32x4.add(s2, f32x4.mul(x, v128.load(col, 32)))
      s3 = f32x4.add(s3, f32x4.mul(x, v128.load(col, 48)))
    }
    const o = at(out, j)
    v128.store(o, s0)
    v128.store(o, s1, 16)
    v128.store(o, s2, 32)
    v128.store(o, s3, 48)
  }
  for (; j < n4; j += 4) {
    let s = f32x4.splat(0)
    for (let c = 0; c < dh; c++) s = f32x4.add(s, f32x4.mul(f32x4.splat(load<f32>(at(a, c))), v128.load(at(bt, c * Tp + j))))
    v128.store(at(out, j), s)
  }
}

/**
 * out[0..dp) = Σ_{r ∈ [r0, r1)} w[r·wStride] · rows[r·dp .. r·dp + dp): a weighted sum of padded
 * rows, sixteen columns at a time held in registers.
 */
function weightedRows(out: usize, w: usize, wStride: i32, rows: usize, dp: i32, r0: i32, r1: i32): void {
  let c = 0
  for (; c + 16 <= dp; c += 16) {
    let a0 = f32x4.splat(0)
    let a1 = f32x4.splat(0)
    let a2 = f32x4.splat(0)
    let a3 = f32x4.splat(0)
    for (let r = r0; r < r1; r++) {
      const x = f32x4.splat(load<f32>(at(w, r * wStride)))
      const row = at(rows, r * dp + c)
      a0 = f32x4.add(a0, f32x4.mul(x, v128.load(row)))
      a1 = f32x4.add(a1, f32x4.mul(x, v128.load(row, 16)))
      a2 = f32x4.add(a2, f32x4.mul(x, v128.load(row, 32)))
      a3 = f32x4.add(a3, f32x4.mul(x, v128.load(row, 48)))
    }
    const o = at(out, c)
    v128.store(o, a0)
    v128.store(o, a1, 16)
    v128.store(o, a2, 32)
    v128.store(o, a3, 48)
  }
  for (; c < dp; c += 4) {
    let a = f32x4.splat(0)
    for (let r = r0; r < r1; r++) a = f32x4.add(a, f32x4.mul(f32x4.splat(load<f32>(at(w, r * wStride))), v128.load(at(rows, r * dp + c))))
    v128.store(at(out, c), a)
  }
}

/**
 * In place: row[j] = softmax(scale · row)[j] over j < n, and 0 for n ≤ j < Tp. Lanes past n in
 * the last group of four hold products of the padding and are overwritten.
 */
function softmaxRow(row: usize, n: i32, Tp: i32, scale: f32): void {
  const full = n & ~3
  let mv = f32x4.splat(-Infinity)
  for (let j = 0; j < full; j += 4) mv = f32x4.max(mv, v128.load(at(row, j)))
  let m = max(max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)))
  for (let j = full; j < n; j++) m = max(m, load<f32>(at(row, j)))
  const ms = f32x4.splat(m)
  const sc = f32x4.splat(scale)
  let sv = f32x4.splat(0)
  const n4 = pad4(n)
  for (let j = 0; j < n4; j += 4) {
    const e = expNonPositive(f32x4.mul(f32x4.sub(v128.load(at(row, j)), ms), sc))
    v128.store(at(row, j), e)
    if (j < full) sv = f32x4.add(sv, e)
  }
  let sum = f32x4.extract_lane(sv, 0) + f32x4.extract_lane(sv, 1) + f32x4.extract_lane(sv, 2) + f32x4.extract_lane(sv, 3)
  for (let j = full; j < n; j++) sum += load<f32>(at(row, j))
  const inv = f32x4.splat(<f32>1 / sum)
  for (let j = 0; j < n4; j += 4) v128.store(at(row, j), f32x4.mul(v128.load(at(row, j)), inv))
  for (let j = n; j < Tp; j++) store<f32>(at(row, j), 0)
}

export function forward(qkv: usize, y: usize, p: usize, pd: usize, drop: usize, B: i32, T: i32, H: i32, dh: i32, scale: f32, scratch: usize): void {
  const D = H * dh
  const stride = 3 * D
  const Tp = pad4(T)
  const dp = pad4(dh)
  const kt = scratch
  const vs = at(kt, dh * Tp)
  const acc = at(vs, T * dp)
  const qrow = at(acc, dp)
  zero(scratch, dh * Tp + T * dp + 2 * dp)
  for (let b = 0; b < B; b++) {
    const seq = at(qkv, b * T * stride)
    for (let h = 0; h < H; h++) {
      const bh = b * H + h
      gatherT(kt, at(seq, D + h * dh), stride, T, dh, Tp)
      gatherRows(vs, at(seq, 2 * D + h * dh), stride, T, dh, dp)
      for (let i = 0; i < T; i++) {
        memory.copy(qrow, at(seq, i * stride + h * dh), <usize>dh << 2)
        const prow = at(p, (bh * T + i) * Tp)
        rowTimesT(prow, qrow, kt, dh, Tp, i + 1)
        softmaxRow(prow, i + 1, Tp, scale)
        let wrow = prow
        if (drop) {
          wrow = at(pd, (bh * T + i) * Tp)
          const mrow = at(drop, (bh * T + i) * T)
          for (let j = 0; j < Tp; j++) store<f32>(at(wrow, j), j <= i ? load<f32>(at(prow, j)) * load<f32>(at(mrow, j)) : 0)
        }
        // y_i = Σ_{j ≤ i} pd_ij · v_j
        weightedRows(acc, wrow, 1, vs, dp, 0, i + 1)
        memory.copy(at(y, (b * T + i) * D + h * dh), acc, <usize>dh << 2)
      }
    }
  }
}

export function backward(qkv: usize, p: usize, pd: usize, drop: usize, dy: usize, dqkv: usize, B: i32, T: i32, H: i32, dh: i32, scale: f32, scratch: usize): void {
  const D = H * dh
  const stride = 3 * D
  const Tp = pad4(T)
  const dp = pad4(dh)
  const rows = T * dp
  const vt = scratch
  const qs = at(vt, dh * Tp)
  const ks = at(qs, rows)
  const dys = at(ks, rows)
  const out = at(dys, rows)
  const dsm = at(out, dp)
  zero(scratch, dh * Tp + 3 * rows + dp)
  for (let b = 0; b < B; b++) {
    const seq = at(qkv, b * T * stride)
    const dseq = at(dqkv, b * T * stride)
    for (let h = 0; h < H; h++) {
      const bh = b * H + h
      const P = at(p, bh * T * Tp)
      const PD = drop ? at(pd, bh * T * Tp) : P
      gatherRows(qs, at(seq, h * dh), stride, T, dh, dp)
      gatherRows(ks, at(seq, D + h * dh), stride, T, dh, dp)
      gatherT(vt, at(seq, 2 * D + h * dh), stride, T, dh, Tp)
      gatherRows(dys, at(dy, b * T * D + h * dh), D, T, dh, dp)
      // Row by row: d(pd)_ij = dy_i · v_j, then back through dropout and the softmax,
      // ds_ij = p_ij (dp_ij − Σ_j' dp_ij' p_ij') · scale, kept as a matrix; dq_i = Σ_j ds_ij k_j.
      for (let i = 0; i < T; i++) {
        const prow = at(P, i * Tp)
        const ds = at(dsm, i * Tp)
        rowTimesT(ds, at(dys, i * dp), vt, dh, Tp, i + 1)
        if (drop) {
          const mrow = at(drop, (bh * T + i) * T)
          for (let j = 0; j <= i; j++) store<f32>(at(ds, j), load<f32>(at(ds, j)) * load<f32>(at(mrow, j)))
        }
        let dot: f32 = 0
        for (let j = 0; j <= i; j++) dot += load<f32>(at(ds, j)) * load<f32>(at(prow, j))
        for (let j = 0; j <= i; j++) store<f32>(at(ds, j), load<f32>(at(prow, j)) * (load<f32>(at(ds, j)) - dot) * scale)
        weightedRows(out, ds, 1, ks, dp, 0, i + 1)
        memory.copy(at(dseq, i * stride + h * dh), out, <usize>dh << 2)
      }
      // Column by column: dk_j = Σ_{i ≥ j} ds_ij q_i and dv_j = Σ_{i ≥ j} pd_ij dy_i.
      for (let j = 0; j < T; j++) {
        weightedRows(out, at(dsm, j), Tp, qs, dp, j, T)
        memory.copy(at(dseq, j * stride + D + h * dh), out, <usize>dh << 2)
        weightedRows(out, at(PD, j), Tp, dys, dp, j, T)
        memory.copy(at(dseq, j * stride + 2 * D + h * dh), out, <usize>dh << 2)
      }
    }
  }
}
