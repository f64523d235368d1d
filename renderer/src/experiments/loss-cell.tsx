/** Final and best training loss of one run (from `useRunLosses`): "…" while it loads, "—" when the run has none. */
import { Table, Text } from '@mantine/core'
import { formatMetric } from '../format/numbers'
import type { RunLoss } from './use-run-losses'

export function LossCell({ loss }: { loss: RunLoss | null | undefined }) {
  return (
    <Table.Td data-col="loss" data-loaded={loss === undefined ? 'no' : 'yes'} ta="right" style={{ whiteSpace: 'nowrap' }} title={loss ? `final ${loss.last}, best ${loss.best}` : undefined}>
      {loss ? (
        <>
          <Text span size="sm" display="block">
            {formatMetric(loss.last)}
          </Text>
          <Text span size="xs" c="dimmed" display="block">
            best {formatMetric(loss.best)}
          </Text>
        </>
      ) : (
        <Text span c="dimmed" title={loss === undefined ? 'loading' : 'no training loss recorded'}>
          {loss === undefined ? '…' : '—'}
        </Text>
      )}
    </Table.Td>
  )
}
