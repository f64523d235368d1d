import { defineConfig } from 'vitest/config'

// Node 20 needs a V8 flag for relaxed SIMD (the engine's GEMM), as RELAXED_SIMD_EXEC_ARGV in
// electron/core/engine/kernels/relaxed-simd.ts says (importing it here would make Vite load a
// TypeScript module as CommonJS); tests/unit/engine-gemm.test.ts fails if the two disagree.
const execArgv = Number(process.versions.node.split('.')[0]) === 20 ? ['--experimental-wasm-relaxed-simd'] : []

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', execArgv } },
      // The renderer's pure modules (charts, heatmaps, schedule previews, run tree, series cache):
      // no DOM, so they run in Node in milliseconds instead of only through Chromium.
      { test: { name: 'renderer', include: ['tests/renderer/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], environment: 'node', execArgv, testTimeout: 60_000 } },
      // The real desktop app through Playwright's Electron driver; skips where no Electron binary is installed.
      { test: { name: 'electron', include: ['tests/electron/**/*.test.ts'], environment: 'node', execArgv, testTimeout: 120_000, hookTimeout: 120_000 } },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          execArgv,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
