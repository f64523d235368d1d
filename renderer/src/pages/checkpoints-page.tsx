import { EmptyState, Paper } from '@mantine/core'
import { IconBookmarks } from '@tabler/icons-react'
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'
import { useQuery } from '../api/use-query'
import { CheckpointsTable } from '../components/checkpoints-table'
import { LoadingRows } from '../components/loading-rows'
import { PageTitle } from '../components/page-title'
import { QueryError } from '../components/query-error'

export function CheckpointsPage() {
  const client = useApi()
  // The contract lists checkpoints per run, so ask only the runs that have some.
  const all = useQuery('load the checkpoints', 'all', async () => {
    const runs = await client.runs.list({})
    const withCheckpoints = runs.filter((run) => run.checkpointCount > 0)
    const lists = await Promise.all(withCheckpoints.map((run) => client.checkpoints.list({ runId: run.id })))
    return {
      runNames: new Map(runs.map((run) => [run.id, run.name])),
      checkpoints: lists.flat().sort((a, b) => b.createdAt - a.createdAt || b.id - a.id),
    }
  })

  useAppEvents((event) => {
    if (event.type === 'checkpoint.created' || event.type === 'run.changed') all.refetch()
  })

  return (
    <>
      <PageTitle
        title="Checkpoints"
        description="Every saved model state, newest first. Any checkpoint can be fine-tuned from or evaluated."
      />
      {all.data === undefined ? (
        all.error ? <QueryError what="load the checkpoints" error={all.error} onRetry={all.refetch} /> : <LoadingRows />
      ) : all.data.checkpoints.length === 0 ? (
        <EmptyState
          mt="xl"
          icon={<IconBookmarks size={26} />}
          withIndicatorBackground
          title="No checkpoints yet"
          description="Run a pre-training experiment; the checkpoints it keeps along the way appear here, ready to fine-tune and evaluate."
        />
      ) : (
        <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
          <CheckpointsTable checkpoints={all.data.checkpoints} runNames={all.data.runNames} />
        </Paper>
      )}
    </>
  )
}
