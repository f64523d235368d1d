/** The first records of a dataset: text for a corpus, examples by split for a task. */
import { Badge, Code, Table, Text } from '@mantine/core'
import { useApi } from '../api/api-context'
import { useQuery } from '../api/use-query'
import { LoadingRows } from '../components/loading-rows'
import { SectionCard } from '../components/section-card'
import type { Dataset } from '../../../shared/schemas/dataset'
import { summarizeDataset } from './dataset-summary'

export function DatasetPreview({ dataset }: { dataset: Dataset }) {
  const client = useApi()
  const preview = useQuery('preview the dataset', `preview:${dataset.id}`, () => client.datasets.preview({ id: dataset.id, limit: 5 }))
  const s = summarizeDataset(dataset)
  return (
    <SectionCard title={`Preview · ${dataset.name}`}>
      <Text size="xs" c="dimmed" mb="xs">
        From {dataset.source}
      </Text>
      {s.warnings.map((w) => (
        <Text key={w} size="xs" c="orange" mb={4}>
          {w}
        </Text>
      ))}
      {preview.data === undefined ? (
        <LoadingRows />
      ) : preview.data.text !== null ? (
        <Code block data-testid="dataset-preview-text" style={{ maxHeight: 260, overflow: 'auto', whiteSpace: 'pre-wrap' }}>
          {preview.data.text}
        </Code>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={4} data-testid="dataset-preview-records">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Split</Table.Th>
                <Table.Th>Input</Table.Th>
                <Table.Th>{s.taskKind === 'classification' ? 'Label' : 'Completion'}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.data.records.map((r, i) => (
                <Table.Tr key={i}>
                  <Table.Td>
                    <Badge size="sm" variant="outline">
                      {r.split}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap', fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 }}>{r.input}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap', fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 }}>{JSON.stringify(r.answer)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </SectionCard>
  )
}
