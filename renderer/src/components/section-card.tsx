import { Group, Paper, Text } from '@mantine/core'
import type { ReactNode } from 'react'

/** A titled, bordered block on a detail page. */
export function SectionCard({ title, right, children, flush = false }: { title: string; right?: ReactNode; children: ReactNode; flush?: boolean }) {
  return (
    <Paper withBorder radius="md" component="section" aria-label={title} style={{ overflow: 'hidden' }}>
      <Group justify="space-between" px="md" pt="sm" pb={flush ? 'xs' : 0} wrap="nowrap">
        <Text fw={600} size="sm">
          {title}
        </Text>
        {right}
      </Group>
      {flush ? children : <div style={{ padding: 'var(--mantine-spacing-md)', paddingTop: 'var(--mantine-spacing-xs)' }}>{children}</div>}
    </Paper>
  )
}
