/** When a metric chart tells the e2e tests it has settled: nothing in flight, the range asked for shown and drawn. */
import { describe, expect, it } from 'vitest'
import { ChartProbe } from '../../renderer/src/charts/test-hook'

describe('chart probe', () => {
  it('settles at the first draw after the data for the range asked for landed', async () => {
    const probe = new ChartProbe(null)
    const order: string[] = []
    const settled = probe.settled().then(() => order.push('settled'))
    probe.rendered(true, null)
    probe.drew()
    await Promise.resolve()
    expect(order).toEqual([])
    expect(probe.isSettled()).toBe(false)
    probe.rendered(false, null)
    probe.drew()
    await settled
    expect(order).toEqual(['settled'])
    expect(probe.drawCount).toBe(2)
  })

  it('waits for an asked zoom to be rendered, fetched and drawn, and for a gesture to end', () => {
    const probe = new ChartProbe(null)
    probe.rendered(false, null)
    probe.drew()
    expect(probe.isSettled()).toBe(true)
    const range = { min: 10, max: 20 }
    probe.ask(range)
    expect(probe.isSettled()).toBe(false)
    // Rendered with the zoom, its view still loading.
    probe.rendered(true, { ...range })
    probe.drew()
    expect(probe.isSettled()).toBe(false)
    probe.rendered(false, { ...range })
    expect(probe.isSettled()).toBe(false)
    probe.drew()
    expect(probe.isSettled()).toBe(true)
    probe.setRangePending(true)
    expect(probe.isSettled()).toBe(false)
    probe.setRangePending(false)
    expect(probe.isSettled()).toBe(true)
  })
})
