import { AppShell, Burger, Group, Text, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconInfinity } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { ColorSchemeControl } from './color-scheme-control'
import { ConnectionIndicator } from './connection-indicator'
import { NavMenu } from './nav-menu'
import { OwnerBadge } from './owner-badge'
import type { PageName } from '../routing/routes'

export function AppLayout({ section, children }: { section: PageName | null; children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure()
  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 208, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Group gap={8} wrap="nowrap">
              <IconInfinity size={22} stroke={1.8} color="var(--mantine-primary-color-filled)" aria-hidden />
              <Title order={1} size="h4" fw={650} style={{ letterSpacing: '-0.01em' }}>
                Continuum
              </Title>
              <Text size="xs" c="dimmed" visibleFrom="md">
                pre-training · fine-tuning · forgetting
              </Text>
            </Group>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <OwnerBadge />
            <ConnectionIndicator />
            <ColorSchemeControl />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <NavMenu active={section} onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  )
}
