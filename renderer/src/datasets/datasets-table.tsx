/** Every dataset with its kind, size, records, labels and splits; the mark and delete per row. */
import { ActionIcon, Badge, Group, Select, Table, Text, Tooltip } from '@mantine/core'
import { IconTrash } from '@tabler/icons-react'
import type { Dataset } from '../../../shared/schemas/dataset'
import { LEARNED_OPTIONS, formatBytes, learnedOf, learnedValue, summarizeDataset } from './dataset-summary'

interface Props {
  datasets: Dataset[]
  selected: number | null
  onSelect(id: number): void
  onLearned(id: number, learned: boolean | null): void
  onDelete(d: Dataset): void
}

export function DatasetsTable({ datasets, selected, onSelect, onLearned, onDelete }: Props) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover verticalSpacing={6} data-testid="datasets-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th ta="right">Size</Table.Th>
            <Table.Th ta="right">Records</Table.Th>
            <Table.Th>Splits (train / test / ood)</Table.Th>
            <Table.Th>Labels</Table.Th>
            <Table.Th>Learned in pre-training</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {datasets.map((d) => {
            const s = summarizeDataset(d)
            return (
              <Table.Tr key={d.id} data-testid={`dataset-row-${d.name}`} onClick={() => onSelect(d.id)} style={{ cursor: 'pointer' }} bg={selected === d.id ? 'var(--mantine-color-blue-light)' : undefined}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {d.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {s.format ?? ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={d.kind === 'corpus' ? 'grape' : 'teal'}>
                    {d.kind === 'task' ? (s.taskKind ?? 'task') : 'corpus'}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">{formatBytes(d.bytes)}</Table.Td>
                <Table.Td ta="right">{s.records?.toLocaleString('en-US') ?? '—'}</Table.Td>
                <Table.Td>{s.splits ? `${s.splits.train} / ${s.splits.test} / ${s.splits.ood}` : d.kind === 'corpus' ? 'last 5% held out' : '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={1} title={s.labels.join(', ')}>
                    {s.labels.length > 0 ? s.labels.join(', ') : '—'}
                  </Text>
                </Table.Td>
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  {d.kind === 'task' ? (
                    <Select
                      size="xs"
                      w={170}
                      aria-label={`learned in pre-training: ${d.name}`}
                      data={LEARNED_OPTIONS}
                      value={learnedValue(d.learned)}
                      allowDeselect={false}
                      onChange={(v) => onLearned(d.id, learnedOf(v))}
                    />
                  ) : (
                    <Text size="xs" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  <Group justify="flex-end">
                    <Tooltip label="Delete (refused while an experiment uses it)">
                      <ActionIcon variant="subtle" color="red" aria-label={`delete ${d.name}`} onClick={() => onDelete(d)}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
