// SIMD helpers shared by the kernels (AssemblyScript; inlined into each module that imports them).

@inline export function pad4(n: i32): i32 {
  return (n + 3) & ~3
}

/** The address of f32 element `index` from `base`. */
@inline export function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2)
}

// Cephes expf: x = n·ln2 + r, |r| ≤ ln2/2, a degree-6 polynomial in r, scaled by 2ⁿ built in the
// exponent bits; relative error about 1e-7. Valid for x ≤ 0 (clamped at −87, where e^x
// underflows), which is all the callers pass.
@inline export function expNonPositive(x: v128): v128 {
  x = f32x4.max(x, f32x4.splat(-87.0))
  // Round x·log2(e) to an integer n by adding 1.5·2²³: the sum's low mantissa bits hold n, which
  // also gives 2ⁿ's exponent bits below with one integer add (cheaper than round + convert).
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), f32x4.splat(12582912.0))
  const n = f32x4.sub(t, f32x4.splat(12582912.0))
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375))), f32x4.mul(n, f32x4.splat(-2.12194440e-4)))
  let y = f32x4.splat(1.9875691500e-4)
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.3981999507e-3))
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(8.3334519073e-3))
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(4.1665795894e-2))
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.6666665459e-1))
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(5.0000001201e-1))
  y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(y, r), r), r), f32x4.splat(1.0))
  return f32x4.mul(y, i32x4.shl(i32x4.add(t, i32x4.splat(127 - 0x4b400000)), 23))
}

/**
 * Stores the transpose of the 4×4 block whose rows are r0..r3 (shuffles in registers): its
 * column q, (r0[q], r1[q], r2[q], r3[q]), at dst + q·stride bytes.
 */
@inline export function storeTransposed4x4(dst: usize, stride: usize, r0: v128, r1: v128, r2: v128, r3: v128): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5)
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7)
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5)
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7)
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5))
  v128.store(dst + stride, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7))
  v128.store(dst + 2 * stride, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5))
  v128.store(dst + 3 * stride, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7))
}
