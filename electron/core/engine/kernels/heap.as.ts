// Kernels that run in place on the TF.js wasm backend's own memory (this module imports it),
// for work whose shipped kernel is slow. AssemblyScript, compiled by `npm run build:kernels`
// into heap-wasm.ts. Pointers are byte offsets of tensors in that memory; this module owns no
// memory and must not have data segments (the build checks), since they would land in the
// backend's heap.

import { at, expNonPositive, storeTransposed4x4 } from './simd.as'

/**
 * dst[b][j][i] = src[b][i][j] for `batches` matrices of rows × cols: 4×4 blocks transposed in
 * registers with shuffles, walked in 32×32 tiles so both sides stay in cache.
 */
export function transpose(src: usize, dst: usize, batches: i32, rows: i32, cols: i32): void {
  const plane = rows * cols
  const rows4 = rows & ~3
  const cols4 = cols & ~3
  for (let b = 0; b < batches; b++) {
    const s = at(src, b * plane)
    const d = at(dst, b * plane)
    for (let i0 = 0; i0 < rows4; i0 += 32) {
      const i1 = min(i0 + 32, rows4)
      for (let j0 = 0; j0 < cols4; j0 += 32) {
        const j1 = min(j0 + 32, cols4)
        for (let i = i0; i < i1; i += 4) {
          for (let j = j0; j < j1; j += 4) {
            const p = at(s, i * cols + j)
            const r0 = v128.load(p)
            const r1 = v128.load(p + (<usize>cols << 2))
            const r2 = v128.load(p + (<usize>cols << 3))
            const r3 = v128.load(p + <usize>(cols * 12))
            storeTransposed4x4(at(d, j * rows + i), <usize>rows << 2, r0, r1, r2, r3)
          }
        }
      }
    }
    // The edges: rows past the last multiple of 4 (all columns), then the columns past it.
    for (let i = rows4; i < rows; i++) for (let j = 0; j < cols; j++) store<f32>(at(d, j * rows + i), load<f32>(at(s, i * cols + j)))
    for (let i = 0; i < rows4; i++) for (let j = cols4; j < cols; j++) store<f32>(at(d, j * rows + i), load<f32>(at(s, i * cols + j)))
  }
}

// ---- the sigmoid, four lanes at a time ------------------------------------------------------

/** σ(u) from e = exp(−|u|): 1/(1+e) for u ≥ 0, e/(1+e) below, so exp never overflows. */
@inline function sigmoid(u: v128): v128 {
  const e = expNonPositive(f32x4.neg(f32x4.abs(u)))
  const inv = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), e))
  return v128.bitselect(inv, f32x4.mul(e, inv), f32x4.ge(u, f32x4.splat(0)))
}

// ---- GELU (tanh form, as x·σ(2u), u = √(2/π)(x + 0.044715x³)) ------------------------------

const GELU_2C: f32 = 1.5957691216057308 // 2·√(2/π)

/** y = x·s and s = σ(2u) for n values (n a multiple of 4; tensors here are [tokens, 4·width]). */
export function geluForward(x: usize, y: usize, s: usize, n: i32): void {
  const c = f32x4.splat(GELU_2C)
  const k = f32x4.splat(0.044715)
  for (let i = 0; i < n; i += 4) {
    const xv = v128.load(at(x, i))
    const u2 = f32x4.mul(c, f32x4.add(xv, f32x4.mul(k, f32x4.mul(f32x4.mul(xv, xv), xv))))
    const sv = sigmoid(u2)
    v128.store(at(s, i), sv)
    v128.store(at(y, i), f32x4.mul(xv, sv))
  }
}

/** dx = dy·(s + s(1−s)·x·2√(2/π)(1 + 3·0.044715x²)). */
export function geluBackward(dy: usize, x: usize, s: usize, dx: usize, n: i32): void {
  const c = f32x4.splat(GELU_2C)
  const k3 = f32x4.splat(3 * 0.044715)
  const one = f32x4.splat(1)
  for (let i = 0; i < n; i += 4) {
    const xv = v128.load(at(x, i))
    const sv = v128.load(at(s, i))
    const du = f32x4.mul(c, f32x4.add(one, f32x4.mul(k3, f32x4.mul(xv, xv))))
    const ds = f32x4.mul(f32x4.mul(sv, f32x4.sub(one, sv)), f32x4.mul(xv, du))
    v128.store(at(dx, i), f32x4.mul(v128.load(at(dy, i)), f32x4.add(sv, ds)))
  }
}

// ---- LayerNorm over rows of d values (d a multiple of 4) --------------------------------------

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3)
}

/** y = xhat·g + b with xhat = (x − mean)·rstd, rstd = 1/√(var + eps), per row. */
export function layerNormForward(x: usize, g: usize, b: usize, y: usize, xhat: usize, rstd: usize, rows: i32, d: i32, eps: f32): void {
  const inv = <f32>1 / <f32>d
  for (let r = 0; r < rows; r++) {
    const row = at(x, r * d)
    let sv = f32x4.splat(0)
    for (let c = 0; c < d; c += 4) sv = f32x4.add(sv, v128.load(at(row, c)))
    const mu = f32x4.splat(hsum(sv) * inv)
    let qv = f32x4.splat(0)
    for (let c = 0; c < d; c += 4) {
      const xc = f32x4.sub(v128.load(at(row, c)), mu)
      qv = f32x4.add(qv, f32x4.mul(xc, xc))
    }
    const rs: f32 = 1 / Mathf.sqrt(hsum(qv) * inv + eps)
    store<f32>(at(rstd, r), rs)
    const rv = f32x4.splat(rs)
    const hrow = at(xhat, r * d)
    const yrow = at(y, r * d)
    for (let c = 0; c < d; c += 4) {
      const h = f32x4.mul(f32x4.sub(v128.load(at(row, c)), mu), rv)
      v128.store(at(hrow, c), h)
      v128.store(at(yrow, c), f32x4.add(f32x4.mul(h, v128.load(at(g, c))), v128.load(at(b, c))))
    }
  }
}

/**
 * dx = rstd·(dxhat − mean(dxhat) − xhat·mean(dxhat·xhat)) with dxhat = dy·g, per row; and the
 * parameter gradients summed over rows into dgb = [dg (d values), db (d values)].
 */
export function layerNormBackward(dy: usize, xhat: usize, rstd: usize, g: usize, dx: usize, dgb: usize, rows: i32, d: i32): void {
  const inv = <f32>1 / <f32>d
  memory.fill(dgb, 0, <usize>(2 * d) << 2)
  const db = at(dgb, d)
  for (let r = 0; r < rows; r++) {
    const dyr = at(dy, r * d)
    const hr = at(xhat, r * d)
    let m1 = f32x4.splat(0)
    let m2 = f32x4.splat(0)
    for (let c = 0; c < d; c += 4) {
      const dyv = v128.load(at(dyr, c))
      const hv = v128.load(at(hr, c))
      const dh = f32x4.mul(dyv, v128.load(at(g, c)))
      m1 = f32x4.add(m1, dh)
      m2 = f32x4.add(m2, f32x4.mul(dh, hv))
      v128.store(at(dgb, c), f32x4.add(v128.load(at(dgb, c)), f32x4.mul(dyv, hv)))
      v128.store(at(db, c), f32x4.add(v128.load(at(db, c)), dyv))
    }
    const a = f32x4.splat(hsum(m1) * inv)
    const bq = f32x4.splat(hsum(m2) * inv)
    const rs = f32x4.splat(load<f32>(at(rstd, r)))
    const dxr = at(dx, r * d)
    for (let c = 0; c < d; c += 4) {
      const hv = v128.load(at(hr, c))
      const dh = f32x4.mul(v128.load(at(dyr, c)), v128.load(at(g, c)))
      v128.store(at(dxr, c), f32x4.mul(rs, f32x4.sub(f32x4.sub(dh, a), f32x4.mul(hv, bq))))
    }
  }
}
