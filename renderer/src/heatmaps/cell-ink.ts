/**
 * The colour of a heatmap cell and the ink its number is written in. ECharts' continuous
 * visual map spreads its colour stops evenly over [min, max] and interpolates linearly between
 * them; the number's ink is the one of black and white with the higher contrast on that colour.
 * One ink for every cell, haloed in the page's background (as before), read as a blurred
 * outline on the dark end of viridis (#440154) and on the diverging scale's saturated ends.
 */

const rgb = (hex: string): [number, number, number] => {
  const h = hex.replace('#', '')
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number]
}

/** The colour the visual map gives `value` on a scale of evenly spaced stops over [min, max]. */
export function scaleColorAt(value: number, min: number, max: number, stops: readonly string[]): [number, number, number] {
  const t = max > min ? Math.min(1, Math.max(0, (value - min) / (max - min))) : 0
  const x = t * (stops.length - 1)
  const i = Math.min(stops.length - 2, Math.floor(x))
  const a = rgb(stops[i]!)
  const b = rgb(stops[i + 1]!)
  const f = x - i
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number]
}

/** WCAG relative luminance of an sRGB colour. */
export function luminance([r, g, b]: readonly [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

export const DARK_INK = '#111111'
export const LIGHT_INK = '#ffffff'
const DARK_LUMINANCE = luminance(rgb(DARK_INK))
const LIGHT_LUMINANCE = luminance(rgb(LIGHT_INK))

/** Black or white, whichever contrasts more with the cell (WCAG contrast ratio). */
export function inkOn(color: readonly [number, number, number]): string {
  const l = luminance(color)
  const onBlack = (l + 0.05) / (DARK_LUMINANCE + 0.05)
  const onWhite = (LIGHT_LUMINANCE + 0.05) / (l + 0.05)
  return onBlack >= onWhite ? DARK_INK : LIGHT_INK
}
