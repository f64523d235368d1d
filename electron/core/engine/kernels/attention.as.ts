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

@inline function pad4(n: i32): i32 {
  return (n + 3) & ~3
}

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2)
}

function zero(ptr: usize, floats: i32): void {
  memory.fill(ptr, 0, <usize>floats << 2)
}

export function heapBase(): usize {
  return __heap_base
}

export function scratchBytes(T: i32, dh: i32): i32 {
  const Tp = pad4(T)
  const dp = pad4(dh)
  // forward: kᵀ [dh, Tp], v rows [T, dp]; backward: q, k, dy rows and dq, dk, dv [T, dp] each,
  // vᵀ [dh, Tp], one score row [Tp]
  return (dh * Tp + 6 * T * dp + Tp + dp) << 2
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

/** acc[0..dp) += w · x[0..dp) */
@inline function axpy(acc: usize, w: v128, x: usize, dp: i32): void {
  for (let c = 0; c < dp; c += 4) {
    const o = at(acc, c)
    v128.store(o, f32x4.add(v128.load(o), f32x4.mul(w, v128.load(at(x, c)))))
  }
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
        // softmax over j ≤ i of scale·s; the rest of the row stays 0
        let m: f32 = -Infinity
        for (let j = 0; j <= i; j++) m = max(m, load<f32>(at(prow, j)))
        let sum: f32 = 0
        for (let j = 0; j <= i; j++) {
          const e = Mathf.exp((load<f32>(at(prow, j)) - m) * scale)
          store<f32>(at(prow, j), e)
          sum += e
        }
        const inv: f32 = 1 / sum
        for (let j = 0; j <= i; j++) store<f32>(at(prow, j), load<f32>(at(prow, j)) * inv)
        for (let j = i + 1; j < Tp; j++) store<f32>(at(prow, j), 0)
        let wrow = prow
        if (drop) {
          wrow = at(pd, (bh * T + i) * Tp)
          const mrow = at(drop, (bh * T + i) * T)
          for (let j = 0; j < Tp; j++) store<f32>(at(wrow, j), j <= i ? load<f32>(at(prow, j)) * load<f32>(at(mrow, j)) : 0)
        }
        // y_i = Σ_{j ≤ i} pd_ij · v_j
        zero(acc, dp)
        for (let j = 0; j <= i; j++) axpy(acc, f32x4.splat(load<f32>(at(wrow, j))), at(vs, j * dp), dp)
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
  const dq = at(dys, rows)
  const dk = at(dq, rows)
  const dv = at(dk, rows)
  const ds = at(dv, rows)
  zero(scratch, dh * Tp + 6 * rows + Tp)
  for (let b = 0; b < B; b++) {
    const seq = at(qkv, b * T * stride)
    const dseq = at(dqkv, b * T * stride)
    for (let h = 0; h < H; h++) {
      const bh = b * H + h
      gatherRows(qs, at(seq, h * dh), stride, T, dh, dp)
      gatherRows(ks, at(seq, D + h * dh), stride, T, dh, dp)
      gatherT(vt, at(seq, 2 * D + h * dh), stride, T, dh, Tp)
      gatherRows(dys, at(dy, b * T * D + h * dh), D, T, dh, dp)
      zero(dq, 3 * rows)
      for (let i = 0; i < T; i++) {
        const prow = at(p, (bh * T + i) * Tp)
        const wrow = drop ? at(pd, (bh * T + i) * Tp) : prow
        const dyi = at(dys, i * dp)
        // d(pd)_ij = dy_i · v_j, then back through dropout and the softmax:
        // ds_ij = p_ij (dp_ij − Σ_j' dp_ij' p_ij') · scale
        rowTimesT(ds, dyi, vt, dh, Tp, i + 1)
        if (drop) {
          const mrow = at(drop, (bh * T + i) * T)
          for (let j = 0; j <= i; j++) store<f32>(at(ds, j), load<f32>(at(ds, j)) * load<f32>(at(mrow, j)))
        }
        let dot: f32 = 0
        for (let j = 0; j <= i; j++) dot += load<f32>(at(ds, j)) * load<f32>(at(prow, j))
        for (let j = 0; j <= i; j++) store<f32>(at(ds, j), load<f32>(at(prow, j)) * (load<f32>(at(ds, j)) - dot) * scale)
        // dq_i = Σ_j ds_ij k_j;  dk_j += ds_ij q_i;  dv_j += pd_ij dy_i
        const dqi = at(dq, i * dp)
        const qi = at(qs, i * dp)
        for (let j = 0; j <= i; j++) {
          const w = f32x4.splat(load<f32>(at(ds, j)))
          axpy(dqi, w, at(ks, j * dp), dp)
          axpy(at(dk, j * dp), w, qi, dp)
          axpy(at(dv, j * dp), f32x4.splat(load<f32>(at(wrow, j))), dyi, dp)
        }
      }
      scatterRows(at(dseq, h * dh), stride, dq, T, dh, dp)
      scatterRows(at(dseq, D + h * dh), stride, dk, T, dh, dp)
      scatterRows(at(dseq, 2 * D + h * dh), stride, dv, T, dh, dp)
    }
  }
}
