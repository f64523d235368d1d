/** A row of status badges with counts, e.g. "3 running · 12 queued · 2 completed". */
import { Badge, Group } from '@mantine/core'
import { RUN_STATUSES, type RunStatus } from '../../../shared/schemas/run'
import { STATUS_COLORS } from '../components/status-badge'

export function StatusCounts({ statuses }: { statuses: readonly RunStatus[] }) {
  const counts = new Map<RunStatus, number>()
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1)
  return (
    <Group gap={4} wrap="wrap">
      {RUN_STATUSES.filter((s) => counts.has(s)).map((s) => (
        <Badge key={s} size="sm" variant="light" color={STATUS_COLORS[s]} data-status-count={s}>
          {counts.get(s)} {s}
        </Badge>
      ))}
    </Group>
  )
}
