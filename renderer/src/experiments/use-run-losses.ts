/**
 * Final and best `train/loss` of every run in a table, fetched together (one bucket per run,
 * up to the contract's 200 series a call) so rows below the fold have their loss too, and
 * again at most every 4 s while runs append. `undefined` for a run not answered yet; null for
 * a run with no loss.
 */
import { useThrottledCallback } from '@mantine/hooks'
import { useEffect, useState } from 'react'
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'

export interface RunLoss {
  last: number
  best: number
}

/** The contract's bound on the series of one `metrics.seriesMany` call. */
const SERIES_PER_CALL = 200

export function useRunLosses(runIds: readonly number[]): ReadonlyMap<number, RunLoss | null> {
  const client = useApi()
  const [losses, setLosses] = useState<ReadonlyMap<number, RunLoss | null>>(new Map())
  const [version, setVersion] = useState(0)
  const key = [...runIds].sort((a, b) => a - b).join(',')

  useEffect(() => {
    if (key === '') return
    let current = true
    const ids = key.split(',').map(Number)
    const chunks: number[][] = []
    for (let i = 0; i < ids.length; i += SERIES_PER_CALL) chunks.push(ids.slice(i, i + SERIES_PER_CALL))
    void Promise.all(
      chunks.map((chunk) =>
        client.metrics.seriesMany({ series: chunk.map((runId) => ({ runId, key: 'train/loss' })), maxBuckets: 1 }).then(
          (series) =>
            chunk.map((runId, i): [number, RunLoss | null] => {
              const b = series[i]?.buckets
              return [runId, b && b.count.length > 0 ? { last: b.last[0]!, best: b.min[0]! } : null]
            }),
          // A failed call leaves those rows as they were; the table's own query reports the connection.
          () => [] as [number, RunLoss | null][],
        ),
      ),
    ).then((parts) => {
      if (current) setLosses((previous) => new Map([...previous, ...parts.flat()]))
    })
    return () => {
      current = false
    }
  }, [client, key, version])

  const refetch = useThrottledCallback(() => setVersion((v) => v + 1), 4000)
  useAppEvents((event) => {
    if ((event.type === 'metrics.appended' && event.keys.includes('train/loss')) || event.type === 'run.changed') refetch()
  })
  return losses
}
