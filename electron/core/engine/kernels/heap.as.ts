// Kernels that run in place on the TF.js wasm backend's own memory (this module imports it),
// for work whose shipped kernel is slow. AssemblyScript, compiled by `npm run build:kernels`
// into heap-wasm.ts. Pointers are byte offsets of tensors in that memory; this module owns no
// memory and must not have data segments (the build checks), since they would land in the
// backend's heap.

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2)
}

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
            const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5)
            const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7)
            const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5)
            const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7)
            const q = at(d, j * rows + i)
            v128.store(q, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5))
            v128.store(q + (<usize>rows << 2), v128.shuffle<f32>(t0, t2, 2, 3, 6, 7))
            v128.store(q + (<usize>rows << 3), v128.shuffle<f32>(t1, t3, 0, 1, 4, 5))
            v128.store(q + <usize>(rows * 12), v128.shuffle<f32>(t1, t3, 2, 3, 6, 7))
          }
        }
      }
    }
    // The edges: rows past the last multiple of 4 (all columns), then the columns past it.
    for (let i = rows4; i < rows; i++) for (let j = 0; j < cols; j++) store<f32>(at(d, j * rows + i), load<f32>(at(s, i * cols + j)))
    for (let i = 0; i < rows4; i++) for (let j = cols4; j < cols; j++) store<f32>(at(d, j * rows + i), load<f32>(at(s, i * cols + j)))
  }
}
