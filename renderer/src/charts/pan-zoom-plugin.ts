/**
 * Mouse pan and wheel zoom on a chart's x axis, after uPlot's zoom-wheel demo: the wheel zooms
 * around the cursor, a drag pans, and Shift-drag (or any drag while the whole range is shown,
 * where there is nothing to pan) keeps uPlot's own select-to-zoom. The plot's scale moves at
 * once, on every event; the chart hears of the range at most every `notifyMs` and as soon as
 * the gesture pauses, and re-queries the server for it. Both stay inside `bounds`, the x
 * range of the unzoomed chart; zooming out to all of it resets the zoom. While the page is being
 * scrolled, the wheel keeps scrolling it when a chart comes under the cursor.
 */
import type uPlot from 'uplot'

export interface PanZoomOptions {
  /** The unzoomed x range, read at each event (null: nothing drawn yet). */
  bounds: () => { min: number; max: number } | null
  /** The new range, throttled; null when zoomed all the way out. */
  onRange: (range: { min: number; max: number } | null) => void
  /** True while the plot shows a range the chart has not been told of yet. */
  onPending?: (pending: boolean) => void
  notifyMs?: number
  quietMs?: number
  /** The narrowest range, as a fraction of the bounds. */
  minFraction?: number
}

/** How far one wheel event zooms: ×1.2 out (or in) per notch of 100 px. */
const WHEEL_RATE = Math.log(1.2) / 100

/** After the page scrolled, the wheel goes on scrolling it for this long, over a chart or not. */
const SCROLL_GRACE_MS = 300

/** A wheel delta in pixels, whatever unit the device reported. */
function wheelPixels(e: WheelEvent): number {
  const d = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaMode === 2 ? e.deltaY * 400 : e.deltaY
  return Math.max(-400, Math.min(400, d))
}

export function panZoomPlugin(options: PanZoomOptions): uPlot.Plugin {
  const { bounds, onRange, onPending, notifyMs = 100, quietMs = 30, minFraction = 1e-5 } = options
  let timer: ReturnType<typeof setTimeout> | null = null
  let lastNotify = 0
  let pending: { min: number; max: number } | null | undefined
  let lastScroll = -Infinity
  const onScroll = () => {
    lastScroll = performance.now()
  }

  const flush = () => {
    if (timer !== null) clearTimeout(timer)
    timer = null
    if (pending === undefined) return
    lastNotify = performance.now()
    const range = pending
    pending = undefined
    onRange(range)
    onPending?.(false)
  }
  /**
   * The first range of a gesture at once; then, while the input keeps coming, at most every
   * notifyMs; and the last one as soon as the input pauses for quietMs.
   */
  const notify = (range: { min: number; max: number } | null) => {
    pending = range
    const now = performance.now()
    if (now - lastNotify >= notifyMs) return flush()
    if (timer !== null) clearTimeout(timer)
    else onPending?.(true)
    timer = setTimeout(flush, Math.min(quietMs, lastNotify + notifyMs - now))
  }

  /** Shows [min, max] (kept inside the bounds, width kept), and tells the chart. */
  const show = (u: uPlot, min: number, max: number) => {
    const b = bounds()
    if (!b) return
    const full = b.max - b.min
    const width = max - min
    if (width >= full) {
      u.setScale('x', { min: b.min, max: b.max })
      notify(null)
      return
    }
    if (min < b.min) [min, max] = [b.min, b.min + width]
    if (max > b.max) [min, max] = [b.max - width, b.max]
    u.setScale('x', { min, max })
    notify({ min, max })
  }

  const zoomedIn = (u: uPlot) => {
    const b = bounds()
    const x = u.scales.x
    return !!b && x?.min !== undefined && x.max !== undefined && x.max - x.min < (b.max - b.min) * 0.999
  }

  return {
    opts: (_u, opts) => {
      const cursor = (opts.cursor ??= {})
      const bind = (cursor.bind ??= {})
      // A plain drag on a zoomed chart pans; otherwise uPlot's own drag selects a range to zoom.
      bind.mousedown = (u, _target, handler) => (e: MouseEvent) => {
        if (e.button !== 0 || e.shiftKey || !zoomedIn(u)) return handler(e)
        const x = u.scales.x!
        const min0 = x.min!
        const max0 = x.max!
        const perPixel = (max0 - min0) / u.over.clientWidth
        const x0 = e.clientX
        u.over.style.cursor = 'grabbing'
        const move = (m: MouseEvent) => {
          const shift = (m.clientX - x0) * perPixel
          show(u, min0 - shift, max0 - shift)
        }
        const up = () => {
          document.removeEventListener('mousemove', move)
          document.removeEventListener('mouseup', up)
          u.over.style.cursor = ''
        }
        document.addEventListener('mousemove', move)
        document.addEventListener('mouseup', up)
        return null
      }
      return opts
    },
    hooks: {
      ready: (u) => {
        document.addEventListener('scroll', onScroll, { capture: true, passive: true })
        u.over.addEventListener(
          'wheel',
          (e: WheelEvent) => {
            const b = bounds()
            const x = u.scales.x
            if (!b || x?.min === undefined || x.max === undefined || e.deltaY === 0) return
            // A page being scrolled keeps scrolling when a chart passes under the cursor.
            if (performance.now() - lastScroll < SCROLL_GRACE_MS) return
            e.preventDefault()
            const rect = u.over.getBoundingClientRect()
            const fraction = Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width))
            const at = x.min + fraction * (x.max - x.min)
            const full = b.max - b.min
            const width = Math.max(full * minFraction, (x.max - x.min) * Math.exp(wheelPixels(e) * WHEEL_RATE))
            // The value under the cursor stays under it.
            show(u, at - fraction * width, at + (1 - fraction) * width)
          },
          { passive: false },
        )
      },
      // A zoomed chart can be grabbed.
      setScale: (u, key) => {
        if (key === 'x' && u.over.style.cursor !== 'grabbing') u.over.style.cursor = zoomedIn(u) ? 'grab' : ''
      },
      // A plot rebuilt mid-gesture (a new theme, say) still hands its last range over.
      destroy: () => {
        document.removeEventListener('scroll', onScroll, { capture: true })
        if (timer === null) return
        clearTimeout(timer)
        flush()
      },
    },
  }
}
