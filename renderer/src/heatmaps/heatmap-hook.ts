/**
 * `window.__continuumHeatmaps`: what each mounted heatmap or scatter draws, for the e2e tests
 * and the benchmark: its cells, its colour scale, how long the last draw took, and where a
 * cell sits on screen (so a test can click it as a user would).
 */
import type { Heatmap } from './heatmap-model'

export interface HeatmapHandle {
  snapshot(): { heatmap: Heatmap | null; points?: unknown[]; drawCount: number; lastDrawMs: number }
  /** Page coordinates of a cell's centre. */
  cellCenter(row: number, col: number): { x: number; y: number } | null
}

declare global {
  interface Window {
    __continuumHeatmaps?: Record<string, HeatmapHandle>
  }
}

export function registerHeatmap(id: string, handle: HeatmapHandle): () => void {
  const all = (window.__continuumHeatmaps ??= {})
  all[id] = handle
  return () => {
    if (all[id] === handle) delete all[id]
  }
}
