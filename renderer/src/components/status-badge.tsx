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
    <Badge color={STATUS_COLORS[status]} variant={status === 'cancelled' ? 'outline' : 'light'} data-status={status}>
      {status}
    </Badge>
  )
}
