/** Final and best training loss of one run (from `useRunLosses`), on two lines or one (`inline`): "…" while it loads, "—" when the run has none. */
import { Table, Text } from '@mantine/core'
import { formatMetric } from '../format/numbers'
import type { RunLoss } from './use-run-losses'

export function LossCell({ loss, inline = false }: { loss: RunLoss | null | undefined; inline?: boolean }) {
  return (
    <Table.Td data-col="loss" data-loaded={loss === undefined ? 'no' : 'yes'} ta="right" style={{ whiteSpace: 'nowrap' }} title={loss ? `final ${loss.last}, best ${loss.best}` : undefined}>
      {loss ? (
        <>
          <Text span size="sm" display={inline ? undefined : 'block'}>
            {formatMetric(loss.last)}
          </Text>
          <Text span size="xs" c="dimmed" display={inline ? undefined : 'block'} ml={inline ? 4 : 0}>
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
