/**
 * Remembered window size and position: pure validation and clamping to the displays that are
 * visible now (a monitor may have been unplugged since). No Electron imports.
 */
export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState extends Partial<Pick<Rect, 'x' | 'y'>> {
  width: number
  height: number
  maximized: boolean
}

export const DEFAULT_SIZE = { width: 1400, height: 900 } as const
export const MIN_SIZE = { width: 960, height: 600 } as const
/** How much of the title bar must be on a display for a position to be kept. */
const MIN_VISIBLE = 64

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** A stored value as a window state, or null when it is not one. */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  if (!isInt(v.width) || !isInt(v.height) || v.width <= 0 || v.height <= 0) return null
  const state: WindowState = { width: Math.round(v.width), height: Math.round(v.height), maximized: v.maximized === true }
  if (isInt(v.x) && isInt(v.y)) {
    state.x = Math.round(v.x)
    state.y = Math.round(v.y)
  }
  return state
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  }
}

/**
 * The bounds to open the window with: the stored size shrunk to fit the display it is on (or
 * the primary work area), and the stored position kept only if the top strip of the window is
 * visible on some display; otherwise the window is centred (x and y left out).
 */
export function clampWindowState(state: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0]
  const base = state ?? { ...DEFAULT_SIZE, maximized: false }
  if (!primary) return { width: Math.max(base.width, MIN_SIZE.width), height: Math.max(base.height, MIN_SIZE.height), maximized: base.maximized }
  let area = primary
  let placed = false
  if (base.x !== undefined && base.y !== undefined) {
    const titleBar: Rect = { x: base.x, y: base.y, width: base.width, height: Math.min(MIN_VISIBLE, base.height) }
    const host = workAreas.find((a) => {
      const o = overlap(titleBar, a)
      return o.width >= Math.min(MIN_VISIBLE, base.width) && o.height > 0
    })
    if (host) {
      area = host
      placed = true
    }
  }
  const width = Math.min(Math.max(base.width, MIN_SIZE.width), area.width)
  const height = Math.min(Math.max(base.height, MIN_SIZE.height), area.height)
  if (!placed) return { width, height, maximized: base.maximized }
  // Pull the window inside the display it is on.
  const x = Math.min(Math.max(base.x!, area.x), area.x + area.width - width)
  const y = Math.min(Math.max(base.y!, area.y), area.y + area.height - height)
  return { x, y, width, height, maximized: base.maximized }
}
