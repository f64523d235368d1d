/** Plain aligned text tables for the terminal: numbers right-aligned, text left-aligned. */
export function table(header: string[], rows: (string | number | null)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '—' : typeof c === 'number' ? formatNumber(c) : c)))
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)))
  const numeric = header.map((_, i) => rows.every((r) => r[i] === null || typeof r[i] === 'number'))
  const line = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n')
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US')
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(3)
}

export const signed = (n: number | null): string | null => (n === null ? null : `${n >= 0 ? '+' : ''}${n.toFixed(3)}`)
