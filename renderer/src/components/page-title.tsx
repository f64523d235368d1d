import { Group, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'

export function PageTitle({ title, description, right }: { title: ReactNode; description?: ReactNode; right?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end" wrap="nowrap" mb="md" gap="md">
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Title order={2} size="h3">
          {title}
        </Title>
        {description && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
      </Stack>
      {/* The actions never shrink: a long description wraps instead (the Start button was cut to "Sta" at 1024 px). */}
      {right && <div style={{ flex: 'none' }}>{right}</div>}
    </Group>
  )
}
