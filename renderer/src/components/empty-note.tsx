import { EmptyState } from '@mantine/core'
import type { ReactNode } from 'react'

/**
 * What a page (or, `compact`, a card) shows when there is nothing to show yet: an icon, what is
 * missing, and how to fill it, with optional actions. One look for every empty page.
 */
export function EmptyNote({ icon, title, description, compact = false, children }: { icon: ReactNode; title: ReactNode; description: ReactNode; compact?: boolean; children?: ReactNode }) {
  if (compact) return <EmptyState size="sm" py="lg" icon={icon} title={title} description={description} />
  return (
    <EmptyState mt="xl" icon={icon} withIndicatorBackground title={title} description={description}>
      {children && <EmptyState.Actions>{children}</EmptyState.Actions>}
    </EmptyState>
  )
}
