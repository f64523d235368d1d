/**
 * An experiment's runs, checkpoints and evaluations, kept live: a new evaluation of one of
 * its checkpoints refetches the evaluations (throttled), a new checkpoint or run change
 * refetches the structure.
 */
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'
import { useQuery } from '../api/use-query'
import type { Inputs } from './heatmap-model'

export function useExperimentData(experimentId: number | null): { data: Inputs | undefined; error: Error | undefined; refetch(): void } {
  const client = useApi()
  const key = String(experimentId)
  const structure = useQuery(
    'load the experiment’s checkpoints',
    key,
    async () => {
      if (experimentId === null) return { runs: [], checkpoints: [] }
      const runs = await client.runs.list({ experimentId })
      const lists = await Promise.all(runs.filter((r) => r.checkpointCount > 0).map((r) => client.checkpoints.list({ runId: r.id })))
      // A pause checkpoint is only for resuming: not a row of results.
      return { runs, checkpoints: lists.flat().filter((c) => c.kind !== 'pause') }
    },
    { throttleMs: 1000 },
  )
  const evaluations = useQuery('load the evaluations', key, () => (experimentId === null ? Promise.resolve([]) : client.evaluations.forExperiment({ experimentId })), { throttleMs: 500 })

  useAppEvents((event) => {
    if (experimentId === null) return
    if (event.type === 'evaluation.created') {
      // Only evaluations of this experiment's checkpoints (or of one we have not seen yet).
      const known = structure.data?.checkpoints.some((c) => c.id === event.evaluation.checkpointId) ?? true
      if (!known) structure.refetch()
      evaluations.refetch()
    }
    if (event.type === 'checkpoint.created' || (event.type === 'run.changed' && event.run.experimentId === experimentId)) structure.refetch()
  })

  const data = structure.data && evaluations.data ? { ...structure.data, evaluations: evaluations.data } : undefined
  return {
    data,
    error: structure.error ?? evaluations.error,
    refetch: () => {
      structure.refetch()
      evaluations.refetch()
    },
  }
}
