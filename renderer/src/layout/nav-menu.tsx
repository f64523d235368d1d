import { NavLink, Stack } from '@mantine/core'
import {
  IconArrowsDiff,
  IconBookmarks,
  IconDatabase,
  IconFlask,
  IconListDetails,
  IconReportAnalytics,
  IconSettings,
  IconTrendingDown,
  type Icon,
} from '@tabler/icons-react'
import { hrefFor, type PageName } from '../routing/routes'

export const NAV_ITEMS: ReadonlyArray<{ page: PageName; label: string; icon: Icon }> = [
  { page: 'runs', label: 'Runs', icon: IconListDetails },
  { page: 'experiments', label: 'Experiments', icon: IconFlask },
  { page: 'checkpoints', label: 'Checkpoints', icon: IconBookmarks },
  { page: 'datasets', label: 'Datasets', icon: IconDatabase },
  { page: 'forgetting', label: 'Forgetting', icon: IconTrendingDown },
  { page: 'study', label: 'Study', icon: IconReportAnalytics },
  { page: 'compare', label: 'Compare', icon: IconArrowsDiff },
  { page: 'settings', label: 'Settings', icon: IconSettings },
]

export function NavMenu({ active, onNavigate }: { active: PageName | null; onNavigate?(): void }) {
  return (
    <Stack component="nav" aria-label="Pages" gap={2}>
      {NAV_ITEMS.map(({ page, label, icon: ItemIcon }) => (
        <NavLink
          key={page}
          component="a"
          href={hrefFor({ page })}
          label={label}
          leftSection={<ItemIcon size={18} stroke={1.6} />}
          active={active === page}
          aria-current={active === page ? 'page' : undefined}
          onClick={onNavigate}
          variant="light"
          style={{ borderRadius: 'var(--mantine-radius-sm)' }}
        />
      ))}
    </Stack>
  )
}
