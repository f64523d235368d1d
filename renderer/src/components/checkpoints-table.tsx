import { Anchor, Badge, Table, Text } from '@mantine/core'
import type { Checkpoint } from '../../../shared/schemas/checkpoint'
import { formatBytes, formatCount, formatInteger } from '../format/numbers'
import { hrefFor } from '../routing/routes'
import { RelativeTime } from './relative-time'

/** Checkpoints of one run, or of many when `runNames` is given (then a Run column leads). */
export function CheckpointsTable({ checkpoints, runNames }: { checkpoints: readonly Checkpoint[]; runNames?: ReadonlyMap<number, string> }) {
  return (
    <Table.ScrollContainer type="native" minWidth={runNames ? 900 : 760}>
      <Table aria-label="Checkpoints" data-testid="checkpoints-table" horizontalSpacing="md" layout="fixed">
        <Table.Thead>
          <Table.Tr>
            {runNames && <Table.Th w={240}>Run</Table.Th>}
            <Table.Th w={60}>Id</Table.Th>
            <Table.Th w={150} ta="right">
              Step
            </Table.Th>
            <Table.Th w={90} ta="right">
              Tokens
            </Table.Th>
            <Table.Th w={90} ta="right">
              Size
            </Table.Th>
            <Table.Th w={130}>SHA-256</Table.Th>
            <Table.Th>Path</Table.Th>
            <Table.Th w={120}>Saved</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {checkpoints.map((c) => (
            <Table.Tr key={c.id} data-checkpoint-id={c.id}>
              {runNames && (
                <Table.Td>
                  <Anchor href={hrefFor({ page: 'run', runId: c.runId })} size="sm" fw={500} truncate="end" display="block">
                    {runNames.get(c.runId) ?? `Run #${c.runId}`}
                  </Anchor>
                </Table.Td>
              )}
              <Table.Td c="dimmed">#{c.id}</Table.Td>
              <Table.Td ta="right">
                {c.kind === 'pause' && (
                  <Badge size="xs" variant="light" color="gray" mr={6} title={c.pinned ? 'Saved by a pause; pinned: kept after the run' : 'Saved by a pause, to resume from; deleted when the run completes'}>
                    {c.pinned ? 'pause · pinned' : 'pause'}
                  </Badge>
                )}
                {formatInteger(c.step)}
              </Table.Td>
              <Table.Td ta="right" title={`${formatInteger(c.tokens)} tokens`}>
                {formatCount(c.tokens)}
              </Table.Td>
              <Table.Td ta="right">{formatBytes(c.bytes)}</Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace" title={c.sha256}>
                  {c.sha256.slice(0, 12)}
                </Text>
              </Table.Td>
              <Table.Td>
                {/* Truncated from the start to keep the informative tail; the marks stop the
                    right-to-left trick from moving a leading "/" to the end. */}
                <Text size="xs" ff="monospace" truncate="start" title={c.path}>
                  {`\u200e${c.path}\u200e`}
                </Text>
              </Table.Td>
              <Table.Td>
                <RelativeTime timestamp={c.createdAt} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
