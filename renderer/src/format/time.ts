/** Dates as researchers read them in a table: relative for recent, absolute on hover. */
const LOCALE = 'en-US'

const relative = new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto', style: 'short' })
const absolute = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'medium' })

const UNITS: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

/** "5 min. ago", "yesterday", "just now". */
export function formatRelativeTime(timestamp: number, now: number): string {
  const seconds = Math.round((timestamp - now) / 1000)
  if (Math.abs(seconds) < 45) return 'just now'
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit)
  }
  return relative.format(Math.round(seconds / 60), 'minute')
}

/** "Nov 26, 2025, 6:37:12 AM". */
export function formatDateTime(timestamp: number): string {
  return absolute.format(timestamp)
}

/** "1 h 12 min", "48 s": one definition for the renderer, the CLI and the host. */
export { formatDuration } from '../../../shared/format-duration'
