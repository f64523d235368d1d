/**
 * How a min–max band is drawn. Where buckets are sparse (fewer than about one per pixel) uPlot
 * fills the polygon between the max and min edges as usual. Where they are dense, every
 * bucket becomes a one-device-pixel vertical line from its min to its max: side by side they
 * read as the same band, a one-bucket spike stays a visible line, and Skia draws such hairlines
 * on its fast path, where filling a polygon of thousands of jagged vertices costs tens of
 * milliseconds a frame on a CPU-rasterised canvas (twenty runs while panning).
 */
import uPlot from 'uplot'

/** Buckets per CSS pixel at or above which a band is drawn as vertical lines. */
const DENSE = 0.8

/**
 * The path builder for a band's max edge, given the uPlot index of its min edge, the band's
 * colour, and the colour of the edge's own line (null: none).
 */
export function bandEdgePaths(minIndex: number, color: string, edge: string | null): uPlot.Series.PathBuilder {
  const linear = uPlot.paths.linear!()
  return (u, seriesIndex, i0, i1) => {
    const ratio = uPlot.pxRatio || 1
    if ((i1 - i0 + 1) * ratio < u.bbox.width * DENSE) return linear(u, seriesIndex, i0, i1)
    const xs = u.data[0]
    const mins = u.data[minIndex]!
    const maxs = u.data[seriesIndex]!
    const path = new Path2D()
    for (let i = i0; i <= i1; i++) {
      const hi = maxs[i]
      const lo = mins[i]
      if (hi === null || hi === undefined || lo === null || lo === undefined) continue
      const x = Math.round(u.valToPos(xs[i]!, 'x', true))
      path.moveTo(x, u.valToPos(hi, 'y', true))
      path.lineTo(x, u.valToPos(lo, 'y', true))
    }
    // uPlot strokes `_stroke` at `_width` CSS pixels times the pixel ratio (its typings call
    // the field `width`; its code reads `_width`), shifted half a pixel onto the pixel grid.
    const edgePath = edge ? linear(u, seriesIndex, i0, i1)?.stroke : null
    const stroke = edgePath instanceof Path2D && edge ? new Map([[color, path], [edge, edgePath]]) : path
    const paths: uPlot.Series.Paths & { _width: number } = { stroke, fill: null, clip: null, band: null, flags: 0, _stroke: color, _width: 1 / ratio }
    return paths
  }
}
