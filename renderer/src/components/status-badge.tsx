import { Badge, type MantineColor } from '@mantine/core'
import type { RunStatus } from '../../../shared/schemas/run'

export const STATUS_COLORS: Record<RunStatus, MantineColor> = {
  queued: 'gray',
  running: 'blue',
  paused: 'yellow',
  completed: 'teal',
  failed: 'red',
  cancelled: 'gray',
  interrupted: 'orange',
}

export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    // Never truncated ("compl…" read as nothing): the badge keeps its full width and the status columns are sized for "interrupted".
    <Badge color={STATUS_COLORS[status]} variant={status === 'cancelled' ? 'outline' : 'light'} data-status={status} style={{ flex: 'none', overflow: 'visible' }} styles={{ label: { overflow: 'visible', textOverflow: 'clip' } }}>
      {status}
    </Badge>
  )
}
