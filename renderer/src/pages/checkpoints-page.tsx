/**
 * The checkpoint browser: the lineage tree (pre-training run → its checkpoints → fine-tuning
 * runs branched from each → their checkpoints) beside the chosen checkpoint's details. Side by
 * side from 1,200 px; narrower, the tree (40% of the height) sits above the details, which then
 * take the whole width: beside the tree at 1,024 px the evaluations table had 460 px and hid its
 * interval, n and cut-to-context columns behind a horizontal scroll.
 */
import { EmptyState, Grid, Paper, ScrollArea, Text, useMatches } from '@mantine/core'
import { IconBookmarks, IconPointer } from '@tabler/icons-react'
import { useMemo } from 'react'
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'
import { useQuery } from '../api/use-query'
import { CheckpointDetail } from '../checkpoints/checkpoint-detail'
import { branchesOf, lineageTree } from '../checkpoints/lineage'
import { LineageTree } from '../checkpoints/lineage-tree'
import { EmptyNote } from '../components/empty-note'
import { PageTitle } from '../components/page-title'
import { QueryState } from '../components/query-state'

export function CheckpointsPage({ checkpointId }: { checkpointId: number | null }) {
  const client = useApi()
  const all = useQuery('load the checkpoints', 'all', async () => {
    const [runs, checkpoints] = await Promise.all([client.runs.list({}), client.checkpoints.list({})])
    return { runs, checkpoints }
  })
  useAppEvents((event) => {
    if (event.type === 'checkpoint.created' || event.type === 'run.changed') all.refetch()
  })
  const tree = useMemo(() => (all.data ? lineageTree(all.data.runs, all.data.checkpoints) : []), [all.data])
  const selected = checkpointId === null ? undefined : all.data?.checkpoints.find((c) => c.id === checkpointId)
  const treeHeight = useMatches({ base: '40vh', lg: 'calc(100vh - 180px)' })

  return (
    <>
      <PageTitle title="Checkpoints" description="Every saved model state in its lineage: pre-training checkpoints and the fine-tuning runs branched from each." />
      <QueryState
        query={all}
        what="load the checkpoints"
        isEmpty={(data) => data.checkpoints.length === 0}
        empty={
          <EmptyNote
            icon={<IconBookmarks size={26} />}
            title="No checkpoints yet"
            description="Run a pre-training experiment; the checkpoints it keeps along the way appear here, ready to fine-tune, evaluate, prompt and export."
          />
        }
      >
        {(data) => (
          <Grid gap="md" align="flex-start">
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Paper withBorder radius="md" p="sm">
                <Text size="xs" c="dimmed" mb={6}>
                  Lineage · {data.checkpoints.length} checkpoints
                </Text>
                <ScrollArea.Autosize mah={treeHeight}>
                  <LineageTree tree={tree} selected={checkpointId} />
                </ScrollArea.Autosize>
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 8 }}>
              {selected ? (
                <CheckpointDetail
                  key={selected.id}
                  checkpoint={selected}
                  run={data.runs.find((r) => r.id === selected.runId)}
                  branches={branchesOf(tree, selected.id)}
                  onDeleted={all.refetch}
                />
              ) : (
                <Paper withBorder radius="md" p="xl">
                  <EmptyState
                    icon={<IconPointer size={26} />}
                    title={checkpointId === null ? 'Pick a checkpoint in the lineage' : `Checkpoint #${checkpointId} does not exist`}
                    description={
                      checkpointId === null
                        ? 'Its tokens seen, size, evaluations with 95% intervals and a prompt box appear here; you can evaluate it on the suite, export or delete it.'
                        : 'It may have been deleted. Pick another one in the lineage.'
                    }
                    maw={520}
                    mx="auto"
                  />
                </Paper>
              )}
            </Grid.Col>
          </Grid>
        )}
      </QueryState>
    </>
  )
}
