/**
 * Datasets: a researcher's own corpora and tasks. The list (kind, size, records, splits,
 * labels, the "learned in pre-training" mark), a preview of the chosen one, and the import.
 */
import { Button, EmptyState, Grid, Group, Modal, Stack, Text } from '@mantine/core'
import { IconDatabase } from '@tabler/icons-react'
import { useState } from 'react'
import { useApi } from '../api/api-context'
import { reportError } from '../api/report-error'
import { useQuery } from '../api/use-query'
import { PageTitle } from '../components/page-title'
import { QueryState } from '../components/query-state'
import { SectionCard } from '../components/section-card'
import { DatasetPreview } from '../datasets/dataset-preview'
import { DatasetsTable } from '../datasets/datasets-table'
import { ImportForm } from '../datasets/import-form'
import type { Dataset } from '../../../shared/schemas/dataset'

export function DatasetsPage() {
  const client = useApi()
  const list = useQuery('load the datasets', 'datasets', () => client.datasets.list(), { throttleMs: 100 })
  const [selected, setSelected] = useState<number | null>(null)
  const [deleting, setDeleting] = useState<Dataset | null>(null)
  const chosen = list.data?.find((d) => d.id === selected)

  const setLearned = (id: number, learned: boolean | null) =>
    client.datasets.setLearned({ id, learned }).then(list.refetch, (e: unknown) => reportError('change the mark', e))
  const remove = (d: Dataset) => {
    setDeleting(null)
    return client.datasets.delete({ id: d.id }).then(
      () => {
        if (selected === d.id) setSelected(null)
        list.refetch()
      },
      (e: unknown) => reportError(`delete ${d.name}`, e),
    )
  }

  return (
    <>
      <PageTitle title="Datasets" description="Your own corpora and tasks: import them, mark what pre-training taught, and name them in a schedule beside the suite's." />
      <Stack gap="md">
        <Grid gap="md" align="flex-start">
          <Grid.Col span={{ base: 12, lg: chosen ? 7 : 12 }}>
            <SectionCard title={`Imported · ${list.data?.length ?? 0}`} flush>
              <QueryState
                query={list}
                what="load the datasets"
                isEmpty={(datasets) => datasets.length === 0}
                empty={
                  <EmptyState my="lg" icon={<IconDatabase size={26} />} withIndicatorBackground title="No datasets yet" description="Import a corpus to pre-train on, or a task to fine-tune and evaluate." />
                }
              >
                {(datasets) => (
                  <DatasetsTable datasets={datasets} selected={selected} onSelect={setSelected} onLearned={(id, l) => void setLearned(id, l)} onDelete={setDeleting} />
                )}
              </QueryState>
            </SectionCard>
          </Grid.Col>
          {chosen && (
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <DatasetPreview key={chosen.id} dataset={chosen} />
            </Grid.Col>
          )}
        </Grid>
        <ImportForm onImported={list.refetch} />
      </Stack>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={`Delete ${deleting?.name ?? ''}?`}>
        <Text size="sm">Its files in the data folder go too. This is refused while an experiment names it.</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setDeleting(null)}>
            Keep
          </Button>
          <Button color="red" onClick={() => deleting && void remove(deleting)} data-testid="confirm-delete">
            Delete
          </Button>
        </Group>
      </Modal>
    </>
  )
}
