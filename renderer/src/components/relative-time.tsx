import { Text, Tooltip } from '@mantine/core'
import { formatDateTime, formatRelativeTime } from '../format/time'
import { useNow } from './use-now'

export function RelativeTime({ timestamp, size = 'sm' }: { timestamp: number | null; size?: 'xs' | 'sm' }) {
  const now = useNow()
  if (timestamp === null) return <Text span c="dimmed" size={size}>—</Text>
  return (
    <Tooltip label={formatDateTime(timestamp)} openDelay={300}>
      <Text span size={size} style={{ whiteSpace: 'nowrap' }}>
        <time dateTime={new Date(timestamp).toISOString()}>{formatRelativeTime(timestamp, now)}</time>
      </Text>
    </Tooltip>
  )
}
