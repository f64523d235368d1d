/** How numbers read in a finding's sentence: "0.71 [0.66, 0.76]", "step 1,500", "5%". */
import type { Estimate } from './types'

const digits = (v: number): number => (Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2)
export const num = (v: number): string => {
  const s = v.toFixed(digits(v))
  // A typographic minus, as in print; "-0.00" is 0.
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s.replace('-', '\u2212')
}
export const signedNum = (v: number): string => (v > 0 ? `+${num(v)}` : num(v))
export const est = (e: Estimate): string => `${num(e.value)} [${num(e.low)}, ${num(e.high)}]`
export const signedEst = (e: Estimate): string => `${signedNum(e.value)} [${num(e.low)}, ${num(e.high)}]`
export const step = (s: number): string => `step ${s.toLocaleString('en-US')}`
export const pct = (p: number): string => `${+(p * 100).toFixed(2)}%`
/** "a, b and c". */
export function list(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** A sequence's replay: "25%", or per stage "0% → 25%" when its stages replay different ratios. */
export function replayText(v: { replay: number; stageReplays: number[] }): string {
  return v.stageReplays.every((r) => r === v.replay) ? pct(v.replay) : v.stageReplays.map(pct).join(' → ')
}
