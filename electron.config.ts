import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// One build for everything that runs under Node or Electron: the app's main process, the
// local web host (`npm run serve` runs it with plain Node) and the training worker entry.
// Native and optional modules stay external so Node resolves them at run time.
const nodeExternals = ['better-sqlite3', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          host: resolve(__dirname, 'electron/host/cli.ts'),
          worker: resolve(__dirname, 'electron/worker/index.ts'),
          // The worker on a cluster node (issue 15): reads its job folder's spec, writes its event log.
          cluster: resolve(__dirname, 'electron/worker/cluster.ts'),
          probe: resolve(__dirname, 'electron/worker/probe.ts'),
          'grad-thread': resolve(__dirname, 'electron/core/engine/parallel/grad-thread.ts'),
        },
        external: nodeExternals,
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
})
