/** Which run owns each checkpoint a run starts from, fetched once per checkpoint id. */
import { useEffect, useState } from 'react'
import type { RunSummary } from '../../../shared/schemas/run'
import { useApi } from '../api/api-context'

export function useCheckpointOwners(runs: readonly RunSummary[] | undefined): ReadonlyMap<number, number> {
  const client = useApi()
  const [owners, setOwners] = useState<ReadonlyMap<number, number>>(new Map())
  const wanted = [...new Set((runs ?? []).map((r) => r.parentCheckpointId).filter((id): id is number => id !== null))].filter((id) => !owners.has(id))
  const key = wanted.join(',')
  useEffect(() => {
    if (key === '') return
    let current = true
    void Promise.all(
      key.split(',').map(async (id) => {
        try {
          const checkpoint = await client.checkpoints.get({ id: Number(id) })
          return [checkpoint.id, checkpoint.runId] as const
        } catch {
          // A deleted checkpoint: the run is shown at the top level.
          return [Number(id), -1] as const
        }
      }),
    ).then((pairs) => {
      if (current) setOwners((previous) => new Map([...previous, ...pairs]))
    })
    return () => {
      current = false
    }
  }, [client, key])
  return owners
}
