import { Table, Text } from '@mantine/core'
import type { Series } from '../../../shared/schemas/metric'
import { formatInteger, formatMetric } from '../format/numbers'

/** One row per metric key: how many points, and the latest value with the series' extremes. */
export function MetricKeysTable({ series }: { series: readonly Series[] }) {
  return (
    <Table.ScrollContainer type="native" minWidth={640}>
      <Table aria-label="Metrics" data-testid="metrics-table" horizontalSpacing="md">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Key</Table.Th>
            <Table.Th w={110} ta="right">
              Points
            </Table.Th>
            <Table.Th w={110} ta="right">
              Last step
            </Table.Th>
            <Table.Th w={130} ta="right">
              Last value
            </Table.Th>
            <Table.Th w={130} ta="right">
              Min
            </Table.Th>
            <Table.Th w={130} ta="right">
              Max
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {series.map((s) => {
            const b = s.buckets
            const has = b.count.length > 0
            return (
              <Table.Tr key={s.key} data-metric-key={s.key}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {s.key}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" data-col="points">
                  {formatInteger(s.pointCount)}
                </Table.Td>
                <Table.Td ta="right">{has ? formatInteger(b.lastStep[0]!) : '—'}</Table.Td>
                <Table.Td ta="right" fw={500} data-col="last">
                  {has ? formatMetric(b.last[0]!) : '—'}
                </Table.Td>
                <Table.Td ta="right" c="dimmed">
                  {has ? formatMetric(b.min[0]!) : '—'}
                </Table.Td>
                <Table.Td ta="right" c="dimmed">
                  {has ? formatMetric(b.max[0]!) : '—'}
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
