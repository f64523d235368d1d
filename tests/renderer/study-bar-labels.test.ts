/**
 * The Study page's bar value labels stand clear of the interval's whisker and caps: beyond the
 * upper cap for a value ≥ 0, beyond the lower cap for a negative one (a label 4 px above the
 * upper end sat on a negative bar's whisker and touched a positive bar's cap).
 */
import { describe, expect, it } from 'vitest'
import { intervalMarks } from '../../renderer/src/study/figure-kit'

interface Child { type: string; shape?: { y1?: number; y2?: number }; style: { text?: string; y?: number; verticalAlign?: string } }

/** The drawn children of one mark, on an axis where value v sits at pixel y = 200 − 100·v. */
function drawn(value: number, low: number, high: number): Child[] {
  const option = intervalMarks('gain', '#e8590c', [{ category: 0, e: { value, low, high, seeds: 1, seedValues: [value] } }], { slot: 0, slots: 1, bar: true, labels: true })
  const row = [0, value, low, high]
  const api = { value: (d: number) => row[d]!, coord: ([x, v]: number[]) => [100 + 100 * x!, 200 - 100 * v!], size: () => [100, 0] }
  const render = option.renderItem
  if (typeof render !== 'function') throw new Error('intervalMarks drew no renderItem')
  const group: { children: Child[] } = render({ dataIndex: 0 }, api)
  return group.children
}

const capsOf = (children: Child[]) => children.filter((c) => c.type === 'line').flatMap((c) => [c.shape!.y1!, c.shape!.y2!])

describe('bar value labels', () => {
  it('puts a positive value above its upper cap, its text ending 6 px above it', () => {
    const children = drawn(0.15, 0.03, 0.27)
    const label = children.find((c) => c.type === 'text')!
    expect(label.style.text).toBe('0.15')
    expect(label.style.verticalAlign).toBe('bottom')
    expect(label.style.y).toBeCloseTo(200 - 27 - 6)
    expect(label.style.y!).toBeLessThan(Math.min(...capsOf(children)))
  })
  it('puts a negative value below its lower cap, off the whisker inside the bar', () => {
    const children = drawn(-0.31, -0.5, -0.13)
    const label = children.find((c) => c.type === 'text')!
    expect(label.style.text).toBe('-0.31')
    expect(label.style.verticalAlign).toBe('top')
    expect(label.style.y).toBeCloseTo(200 + 50 + 6)
    expect(label.style.y!).toBeGreaterThan(Math.max(...capsOf(children)))
  })
})
