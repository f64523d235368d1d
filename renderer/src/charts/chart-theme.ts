/**
 * Colours for charts in either Mantine colour scheme. Series colours are picked to stay
 * distinguishable on white and on Mantine's dark body, and to survive greyscale printing in
 * order (dark, light, dark…).
 */
export type Scheme = 'light' | 'dark'

export interface ChartColors {
  background: string
  text: string
  dimText: string
  axis: string
  grid: string
  marker: string
  branch: string
  selection: string
  tooltipBg: string
  tooltipBorder: string
}

export const CHART_COLORS: Record<Scheme, ChartColors> = {
  light: {
    background: '#ffffff',
    text: '#343a40',
    dimText: '#868e96',
    axis: '#adb5bd',
    grid: 'rgba(0, 0, 0, 0.07)',
    marker: 'rgba(73, 80, 87, 0.55)',
    branch: '#e8590c',
    selection: 'rgba(76, 110, 245, 0.12)',
    tooltipBg: 'rgba(255, 255, 255, 0.96)',
    tooltipBorder: '#dee2e6',
  },
  dark: {
    background: '#242424',
    text: '#c9c9c9',
    dimText: '#828282',
    axis: '#5c5f66',
    grid: 'rgba(255, 255, 255, 0.07)',
    marker: 'rgba(201, 201, 201, 0.45)',
    branch: '#ff922b',
    selection: 'rgba(116, 143, 252, 0.18)',
    tooltipBg: 'rgba(36, 36, 36, 0.96)',
    tooltipBorder: '#424242',
  },
}

/** Line colours, light scheme first, dark scheme second (brighter on dark). */
const PALETTE: ReadonlyArray<readonly [string, string]> = [
  ['#4263eb', '#748ffc'], // indigo
  ['#e8590c', '#ff922b'], // orange
  ['#2b8a3e', '#51cf66'], // green
  ['#c2255c', '#f06595'], // pink
  ['#1098ad', '#3bc9db'], // cyan
  ['#7048e8', '#9775fa'], // violet
  ['#e67700', '#fcc419'], // yellow
  ['#5c940d', '#94d82d'], // lime
  ['#c92a2a', '#ff6b6b'], // red
  ['#0b7285', '#66d9e8'], // teal-cyan
]

export function seriesColor(index: number, scheme: Scheme): string {
  const pair = PALETTE[index % PALETTE.length]!
  return scheme === 'dark' ? pair[1] : pair[0]
}

/** `#rrggbb` with an alpha, for bands and faint raw lines. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!m) return hex
  return `rgba(${parseInt(m[1]!, 16)}, ${parseInt(m[2]!, 16)}, ${parseInt(m[3]!, 16)}, ${alpha})`
}
