/**
 * Final and best training loss of one run, fetched as a single bucket of `train/loss` only
 * while the row is on screen, and again at most every few seconds while the run appends.
 */
import { Table, Text } from '@mantine/core'
import { useEffect, useRef, useState } from 'react'
import { useThrottledCallback } from '@mantine/hooks'
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'
import { formatMetric } from '../format/numbers'

export function LossCell({ runId }: { runId: number }) {
  const client = useApi()
  const ref = useRef<HTMLTableCellElement>(null)
  const [visible, setVisible] = useState(false)
  const [version, setVersion] = useState(0)
  const [loss, setLoss] = useState<{ last: number; best: number } | null>(null)

  useEffect(() => {
    const el = ref.current
    if (!el) return
    const observer = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)))
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  useEffect(() => {
    if (!visible) return
    let current = true
    client.metrics.seriesMany({ series: [{ runId, key: 'train/loss' }], maxBuckets: 1 }).then(
      ([series]) => {
        const b = series?.buckets
        if (current) setLoss(b && b.count.length > 0 ? { last: b.last[0]!, best: b.min[0]! } : null)
      },
      () => undefined,
    )
    return () => {
      current = false
    }
  }, [client, runId, visible, version])

  const refetch = useThrottledCallback(() => setVersion((v) => v + 1), 4000)
  useAppEvents((event) => {
    if (event.type === 'metrics.appended' && event.runId === runId) refetch()
    else if (event.type === 'run.changed' && event.run.id === runId) refetch()
  })

  return (
    <Table.Td ref={ref} data-col="loss" ta="right" style={{ whiteSpace: 'nowrap' }} title={loss ? `final ${loss.last}, best ${loss.best}` : undefined}>
      {loss ? (
        <>
          <Text span size="sm">
            {formatMetric(loss.last)}
          </Text>
          <Text span size="xs" c="dimmed" ml={4}>
            best {formatMetric(loss.best)}
          </Text>
        </>
      ) : (
        <Text span c="dimmed">
          —
        </Text>
      )}
    </Table.Td>
  )
}
