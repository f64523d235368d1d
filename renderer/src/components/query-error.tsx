import { Alert, Button } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'

/** Shown in place of data that could not be loaded; the notification has already said why. */
export function QueryError({ what, error, onRetry }: { what: string; error: Error; onRetry(): void }) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={`Could not ${what}`} role="alert" data-testid="query-error">
      {error.message}
      <Button variant="default" size="xs" mt="sm" display="block" onClick={onRetry}>
        Try again
      </Button>
    </Alert>
  )
}
