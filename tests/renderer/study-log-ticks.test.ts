/** Labels of the Study page's log axes: 1-2-5 steps over the data, finer when the range is narrow. */
import { describe, expect, it } from 'vitest'
import { compact, logTicks } from '../../renderer/src/study/figures-checkpoint'

describe('logTicks', () => {
  it('labels the default study’s tokens (153,600 to 2,457,600, with the 1.4× margin) at 1-2-5 steps', () => {
    expect(logTicks(153_600 / 1.4, 2_457_600 * 1.4).map(compact)).toEqual(['200k', '500k', '1M', '2M'])
  })
  it('uses finer steps over a narrow range, and nothing for an empty one', () => {
    // The tiny study: 76,800 to 307,200 tokens.
    expect(logTicks(76_800 / 1.4, 307_200 * 1.4).map(compact)).toEqual(['70k', '100k', '200k', '300k'])
    expect(logTicks(1200 / 1.4, 1600 * 1.4)).toEqual([900, 1000, 2000])
    expect(logTicks(5, 5)).toEqual([])
  })
})
