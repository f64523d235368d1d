/**
 * A checkpoint's evaluations: task × split × format × shots, each metric with its 95% interval, n,
 * and how many of the n prompts were longer than the model's context and lost their beginning
 * ("—": not counted, as for majority baselines, corpus losses and rows older than the count).
 */
import { Table, Text } from '@mantine/core'
import type { Evaluation } from '../../../shared/schemas/checkpoint'
import { ExportMenu } from '../heatmaps/export-menu'
import { splitLabel } from '../heatmaps/heatmap-filters'
import { downloadTable, type Cell } from '../heatmaps/table-export'

const COLUMNS = ['checkpoint_id', 'task', 'split', 'prompt_format', 'shots', 'metric', 'value', 'ci_low', 'ci_high', 'n', 'truncated']

const tableRows = (checkpointId: number, evaluations: readonly Evaluation[]): Cell[][] =>
  // The split as the UI names it ("in-domain", not the store's "test"), so a file and the page agree.
  evaluations.map((e) => [checkpointId, e.task, splitLabel(e.split), e.promptFormat, e.shots, e.metric, e.value, e.ciLow, e.ciHigh, e.n, e.truncated])

/** The export button for a section header. */
export function EvaluationsExport({ checkpointId, evaluations }: { checkpointId: number; evaluations: readonly Evaluation[] }) {
  return <ExportMenu what="the evaluations" formats={['csv', 'json']} onExport={(f) => downloadTable(`checkpoint ${checkpointId} evaluations`, f as 'csv' | 'json', COLUMNS, tableRows(checkpointId, evaluations))} testId="export-evaluations" />
}

export function EvaluationsTable({ evaluations }: { evaluations: readonly Evaluation[] }) {
  return (
    <>
      <Table.ScrollContainer minWidth={720} type="native">
        <Table aria-label="Evaluations" data-testid="evaluations-table" striped horizontalSpacing="md">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Task</Table.Th>
              <Table.Th>Split</Table.Th>
              <Table.Th>Format</Table.Th>
              <Table.Th ta="right">Shots</Table.Th>
              <Table.Th>Metric</Table.Th>
              <Table.Th ta="right">Value</Table.Th>
              <Table.Th ta="right">95% interval</Table.Th>
              <Table.Th ta="right">n</Table.Th>
              <Table.Th ta="right" title="Prompts longer than the model's context, scored on their end only">
                Cut to context
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {evaluations.map((e) => (
              <Table.Tr key={e.id} data-eval={`${e.task}|${e.split}|${e.promptFormat}|${e.shots}|${e.metric}`}>
                <Table.Td fw={500}>{e.task}</Table.Td>
                <Table.Td>{splitLabel(e.split)}</Table.Td>
                <Table.Td>{e.promptFormat}</Table.Td>
                <Table.Td ta="right">{e.shots}</Table.Td>
                <Table.Td c={e.metric === 'majority-baseline' ? 'dimmed' : undefined}>{e.metric}</Table.Td>
                <Table.Td ta="right" ff="monospace" data-col="value">
                  {e.value.toFixed(3)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace" data-col="ci">
                  {e.ciLow !== null && e.ciHigh !== null ? `[${e.ciLow.toFixed(3)}, ${e.ciHigh.toFixed(3)}]` : <Text span c="dimmed" size="sm">—</Text>}
                </Table.Td>
                <Table.Td ta="right" data-col="n">
                  {e.n.toLocaleString('en-US')}
                </Table.Td>
                <Table.Td ta="right" data-col="truncated" c={e.truncated ? 'orange.7' : undefined}>
                  {e.truncated === null ? (
                    <Text span c="dimmed" size="sm">
                      —
                    </Text>
                  ) : (
                    e.truncated.toLocaleString('en-US')
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  )
}
