import { Badge, Tooltip } from '@mantine/core'
import { useConnectionState, useTransport } from '../api/api-context'
import type { ConnectionState } from '../api/connection'

const LOOK: Record<ConnectionState, { color: string; label: string; help: string }> = {
  connecting: { color: 'yellow', label: 'connecting', help: 'Opening the connection to the Continuum host…' },
  open: { color: 'teal', label: 'connected', help: 'Connected: changes appear live.' },
  lost: { color: 'red', label: 'disconnected', help: 'The connection was lost. Reload once the host is running again.' },
  refused: { color: 'red', label: 'refused', help: 'The host refused the connection. Open the address it printed.' },
}

export function ConnectionIndicator() {
  const transport = useTransport()
  const state = useConnectionState()
  const look = LOOK[state]
  return (
    <Tooltip label={look.help} multiline w={260} openDelay={200}>
      <Badge
        color={look.color}
        variant={state === 'lost' || state === 'refused' ? 'filled' : 'dot'}
        size="lg"
        tt="none"
        fw={500}
        data-testid="connection-indicator"
        data-state={state}
        aria-label={`Transport ${transport}, ${look.label}`}
        tabIndex={0}
      >
        {transport} · {look.label}
      </Badge>
    </Tooltip>
  )
}
