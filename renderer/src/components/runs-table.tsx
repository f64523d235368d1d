import { Anchor, Group, Table, Text } from '@mantine/core'
import type { RunSummary } from '../../../shared/schemas/run'
import { formatCount, formatInteger } from '../format/numbers'
import { hrefFor } from '../routing/routes'
import { navigate } from '../routing/use-route'
import { RelativeTime } from './relative-time'
import { StatusBadge } from './status-badge'
import { TagList } from './tag-list'

const dash = (
  <Text span c="dimmed">
    —
  </Text>
)

export function RunsTable({ runs }: { runs: readonly RunSummary[] }) {
  return (
    <Table.ScrollContainer type="native" minWidth={960}>
      <Table aria-label="Runs" data-testid="runs-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th w={90}>Kind</Table.Th>
            <Table.Th w={120}>Status</Table.Th>
            <Table.Th w={110}>Backend</Table.Th>
            <Table.Th w={90} ta="right">
              Tokens
            </Table.Th>
            <Table.Th w={100} ta="right">
              Last step
            </Table.Th>
            <Table.Th w={70} ta="right" title="Checkpoints">
              Ckpts
            </Table.Th>
            <Table.Th>Tags</Table.Th>
            <Table.Th w={120}>Created</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((run) => {
            const href = hrefFor({ page: 'run', runId: run.id })
            return (
              <Table.Tr
                key={run.id}
                data-run-id={run.id}
                style={{ cursor: 'pointer' }}
                onClick={(event) => {
                  // Let the link itself (and ctrl/middle clicks on it) do their job.
                  if (!(event.target instanceof Element && event.target.closest('a'))) navigate(href)
                }}
              >
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Anchor href={href} fw={500} size="sm" lineClamp={1}>
                      {run.name}
                    </Anchor>
                    <Text span size="xs" c="dimmed">
                      #{run.id}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{run.kind}</Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={run.status} />
                </Table.Td>
                <Table.Td>
                  {run.backend ? (
                    <Text size="sm" ff="monospace" fz="xs">
                      {run.backend}
                    </Text>
                  ) : (
                    dash
                  )}
                </Table.Td>
                <Table.Td ta="right" title={`${formatInteger(run.tokensSeen)} tokens`} data-col="tokens">
                  {run.tokensSeen > 0 ? formatCount(run.tokensSeen) : dash}
                </Table.Td>
                <Table.Td ta="right" data-col="last-step">
                  {run.lastStep === null ? dash : formatInteger(run.lastStep)}
                </Table.Td>
                <Table.Td ta="right" data-col="checkpoints">
                  {run.checkpointCount > 0 ? formatInteger(run.checkpointCount) : dash}
                </Table.Td>
                <Table.Td>
                  <TagList tags={run.tags} />
                </Table.Td>
                <Table.Td>
                  <RelativeTime timestamp={run.createdAt} />
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
