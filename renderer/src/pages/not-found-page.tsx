import { Anchor, EmptyState } from '@mantine/core'
import { IconMapPinOff } from '@tabler/icons-react'

export function NotFoundPage({ hash }: { hash: string }) {
  return (
    <EmptyState
      mt={80}
      icon={<IconMapPinOff size={28} />}
      withIndicatorBackground
      title="No such page"
      description={
        <>
          Nothing lives at <code>{hash}</code>. <Anchor href="#/runs">Go to Runs</Anchor>.
        </>
      }
    />
  )
}
