/**
 * Number formatting for tables. One locale everywhere so columns line up and tests can
 * read them; figures are rendered with tabular digits by the tables themselves.
 */
const LOCALE = 'en-US'

const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 })
const significant = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 5 })

/** 1234 → "1,234". */
export function formatInteger(value: number): string {
  return integer.format(value)
}

const SCALES: ReadonlyArray<readonly [number, string]> = [
  [1e3, 'K'],
  [1e6, 'M'],
  [1e9, 'B'],
  [1e12, 'T'],
]

/** Token and parameter counts the way papers write them: 950, 12.3K, 1.2M, 342M, 2.1B. */
export function formatCount(value: number): string {
  const magnitude = Math.abs(value)
  if (magnitude < 1e3) return integer.format(value)
  for (let i = SCALES.length - 1; i >= 0; i--) {
    const [scale, suffix] = SCALES[i]!
    if (magnitude < scale) continue
    const scaled = value / scale
    const text = scaled.toFixed(Math.abs(scaled) < 100 ? 1 : 0)
    // Rounding can carry into the next unit: 999,960 is "1M", not "1000K".
    const next = SCALES[i + 1]
    if (Math.abs(Number(text)) >= 1000 && next) return `${(value / next[0]).toFixed(1).replace(/\.0$/, '')}${next[1]}`
    return `${text.replace(/\.0$/, '')}${suffix}`
  }
  return integer.format(value)
}

/** A metric value: five significant digits, or scientific notation when very small or large. */
export function formatMetric(value: number): string {
  const magnitude = Math.abs(value)
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e7)) {
    // 3e-4, 1.235e7: no padded zeros, no "+".
    const [mantissa = '', exponent = ''] = value.toExponential(3).split('e')
    return `${mantissa.replace(/\.?0+$/, '')}e${exponent.replace('+', '')}`
  }
  return significant.format(value)
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 100 ? 1 : 0)} ${units[unit]}`
}
