import { Anchor, Badge, Button, Paper, Table, Text } from '@mantine/core'
import { IconFlask, IconPlus } from '@tabler/icons-react'
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'
import { useQuery } from '../api/use-query'
import { EmptyNote } from '../components/empty-note'
import { PageTitle } from '../components/page-title'
import { QueryState } from '../components/query-state'
import { RelativeTime } from '../components/relative-time'
import { StatusCounts } from '../experiments/status-counts'
import { formatInteger } from '../format/numbers'
import { hrefFor } from '../routing/routes'
import { navigate } from '../routing/use-route'
import type { RunStatus } from '../../../shared/schemas/run'

export function ExperimentsPage() {
  const client = useApi()
  const experiments = useQuery('load the experiments', 'all', () => client.experiments.list())
  const runs = useQuery('count the runs of each experiment', 'all', () => client.runs.list({}))

  useAppEvents((event) => {
    if (event.type === 'run.changed') {
      runs.refetch()
      experiments.refetch()
    }
  })

  const runCounts = new Map<number, number>()
  const statuses = new Map<number, RunStatus[]>()
  for (const run of runs.data ?? []) {
    if (run.experimentId === null) continue
    runCounts.set(run.experimentId, (runCounts.get(run.experimentId) ?? 0) + 1)
    statuses.set(run.experimentId, [...(statuses.get(run.experimentId) ?? []), run.status])
  }
  const newButton = (
    <Button component="a" href={hrefFor({ page: 'experiment-new' })} leftSection={<IconPlus size={16} />}>
      New experiment
    </Button>
  )

  return (
    <>
      <PageTitle title="Experiments" description="Groups of runs that answer one question, e.g. a pre-training run and its fine-tunes." right={newButton} />
      <QueryState
        query={experiments}
        what="load the experiments"
        isEmpty={(list) => list.length === 0}
        empty={
          <EmptyNote
            icon={<IconFlask size={26} />}
            title="No experiments yet"
            description="An experiment is created when you start a study: a pre-training run, the checkpoints it keeps and the fine-tunes made from them."
          >
            {newButton}
          </EmptyNote>
        }
      >
        {(list) => (
          <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
            <Table.ScrollContainer type="native" minWidth={640}>
              <Table aria-label="Experiments" data-testid="experiments-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th w={90} ta="right">
                      Runs
                    </Table.Th>
                    <Table.Th w={320}>Status</Table.Th>
                    <Table.Th w={110}>Schedule</Table.Th>
                    <Table.Th w={130}>Created</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((experiment) => (
                    <Table.Tr
                      key={experiment.id}
                      data-experiment-id={experiment.id}
                      style={{ cursor: 'pointer' }}
                      onClick={(event) => {
                        if (!(event.target instanceof Element && event.target.closest('a'))) navigate(hrefFor({ page: 'experiment', experimentId: experiment.id }))
                      }}
                    >
                      <Table.Td>
                        <Anchor href={hrefFor({ page: 'experiment', experimentId: experiment.id })} size="sm" fw={500}>
                          {experiment.name}
                        </Anchor>
                        {experiment.description && (
                          <Text size="xs" c="dimmed" lineClamp={2}>
                            {experiment.description}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right" data-col="runs">
                        {runs.data ? formatInteger(runCounts.get(experiment.id) ?? 0) : '…'}
                      </Table.Td>
                      <Table.Td data-col="statuses">
                        <StatusCounts statuses={statuses.get(experiment.id) ?? []} />
                      </Table.Td>
                      <Table.Td>
                        {experiment.schedule ? <Badge color="indigo">defined</Badge> : <Text span size="sm" c="dimmed">none</Text>}
                      </Table.Td>
                      <Table.Td>
                        <RelativeTime timestamp={experiment.createdAt} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </QueryState>
    </>
  )
}
