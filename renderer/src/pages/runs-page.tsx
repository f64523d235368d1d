import { Button, Code, Group, MultiSelect, Paper, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconListDetails, IconSearch } from '@tabler/icons-react'
import { useState } from 'react'
import { RUN_STATUSES, type RunStatus } from '../../../shared/schemas/run'
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'
import { useQuery } from '../api/use-query'
import { EmptyNote } from '../components/empty-note'
import { PageTitle } from '../components/page-title'
import { QueryState } from '../components/query-state'
import { RowDensityControl, useRowDensity } from '../components/row-density'
import { RunTreeTable } from '../experiments/run-tree-table'

/** How a new user starts a run; shown whenever the list is empty. */
export const START_A_RUN_COMMAND = 'npm run experiment -- --template study'

export function RunsPage() {
  const client = useApi()
  const [search, setSearch] = useState('')
  const [statuses, setStatuses] = useState<RunStatus[]>([])
  const [density, setDensity] = useRowDensity()
  const [debouncedSearch] = useDebouncedValue(search.trim(), 250)
  const filter = {
    ...(debouncedSearch ? { search: debouncedSearch } : {}),
    ...(statuses.length > 0 ? { status: statuses } : {}),
  }
  const filtered = debouncedSearch !== '' || statuses.length > 0
  const runs = useQuery('load the runs', JSON.stringify(filter), () => client.runs.list(filter), { keepPreviousData: true })

  useAppEvents((event) => {
    if (event.type === 'run.changed' || event.type === 'checkpoint.created' || (event.type === 'metrics.appended' && event.keys.some((k) => k.startsWith('train/')))) runs.refetch()
  })

  const count = runs.data?.length
  return (
    <>
      <PageTitle
        title="Runs"
        description="Every pre-training, fine-tuning and evaluation run, newest first. Updates live."
      />
      <Group mb="md" gap="sm" align="center" wrap="wrap">
        <TextInput
          aria-label="Search runs"
          placeholder="Search names, notes and tags"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={260}
        />
        <MultiSelect
          aria-label="Filter by status"
          placeholder={statuses.length === 0 ? 'Any status' : undefined}
          data={RUN_STATUSES.map((status) => ({ value: status, label: status }))}
          value={statuses}
          onChange={(value) => setStatuses(value as RunStatus[])}
          clearable
          w={240}
          comboboxProps={{ withinPortal: true }}
        />
        <RowDensityControl density={density} onChange={setDensity} />
        <Text size="sm" c="dimmed" ml="auto" data-testid="runs-count" aria-live="polite">
          {count === undefined || (count === 0 && !filtered) ? '' : `${count} ${count === 1 ? 'run' : 'runs'}${filtered ? ' match' : ''}`}
        </Text>
      </Group>
      <QueryState
        query={runs}
        what="load the runs"
        isEmpty={(list) => list.length === 0}
        empty={
          filtered ? (
            <EmptyNote
              icon={<IconSearch size={26} />}
              title="No runs match"
              description="No run's name, notes or tags contain that text with the chosen statuses."
            >
              <Button
                variant="default"
                onClick={() => {
                  setSearch('')
                  setStatuses([])
                }}
              >
                Clear filters
              </Button>
            </EmptyNote>
          ) : (
            <EmptyNote
              icon={<IconListDetails size={26} />}
              title="No runs yet"
              description={
                <>
                  Start one with <Code>{START_A_RUN_COMMAND}</Code> or from Experiments. It appears here as soon as it is
                  recorded.
                </>
              }
            />
          )
        }
      >
        {(list) => (
          <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
            <RunTreeTable runs={list} density={density} />
          </Paper>
        )}
      </QueryState>
    </>
  )
}
