import { describe, expect, it } from 'vitest'
import { DARK_INK, inkOn, LIGHT_INK, luminance, scaleColorAt } from '../../renderer/src/heatmaps/cell-ink'

const VIRIDIS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725']

describe('heatmap cell ink', () => {
  it('places a value on evenly spaced stops and interpolates linearly between them', () => {
    expect(scaleColorAt(0, 0, 1, VIRIDIS)).toEqual([0x44, 0x01, 0x54])
    expect(scaleColorAt(1, 0, 1, VIRIDIS)).toEqual([0xfd, 0xe7, 0x25])
    // 0.5 is the third of five stops exactly.
    expect(scaleColorAt(0.5, 0, 1, VIRIDIS)).toEqual([0x21, 0x91, 0x8c])
    // 0.125 is halfway from #440154 to #3b528b: (68+59)/2, (1+82)/2, (84+139)/2, rounded.
    expect(scaleColorAt(0.125, 0, 1, VIRIDIS)).toEqual([64, 42, 112])
    // Outside the range: clamped to the ends, as the visual map does.
    expect(scaleColorAt(-3, 0, 1, VIRIDIS)).toEqual([0x44, 0x01, 0x54])
    expect(scaleColorAt(0.05, -0.1, 0.1, ['#000000', '#ffffff'])).toEqual([191, 191, 191])
  })

  it('writes white on dark cells and near-black on light ones', () => {
    expect(luminance([255, 255, 255])).toBeCloseTo(1, 6)
    expect(luminance([0, 0, 0])).toBe(0)
    expect(inkOn([0x44, 0x01, 0x54])).toBe(LIGHT_INK) // viridis' low end
    expect(inkOn([0xfd, 0xe7, 0x25])).toBe(DARK_INK) // its high end
    expect(inkOn([0xb2, 0x18, 0x2b])).toBe(LIGHT_INK) // the diverging scale's saturated red
    expect(inkOn([0xf7, 0xf7, 0xf7])).toBe(DARK_INK) // its neutral centre
    expect(inkOn([0x2e, 0x2e, 0x33])).toBe(LIGHT_INK) // the dark scheme's neutral centre
  })
})
