import { Center, SegmentedControl, Tooltip, useMantineColorScheme, VisuallyHidden, type MantineColorScheme } from '@mantine/core'
import { IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react'
import type { ReactNode } from 'react'

const OPTIONS: ReadonlyArray<{ value: MantineColorScheme; label: string; icon: ReactNode }> = [
  { value: 'light', label: 'Light', icon: <IconSun size={16} stroke={1.75} /> },
  { value: 'dark', label: 'Dark', icon: <IconMoon size={16} stroke={1.75} /> },
  { value: 'auto', label: 'Follow the system', icon: <IconDeviceDesktop size={16} stroke={1.75} /> },
]

/** Light, dark or the system's scheme; Mantine's colour-scheme manager remembers the choice. */
export function ColorSchemeControl({ withLabels = false }: { withLabels?: boolean }) {
  const { colorScheme, setColorScheme } = useMantineColorScheme()
  return (
    <SegmentedControl
      size="xs"
      aria-label="Colour scheme"
      value={colorScheme}
      onChange={(value) => setColorScheme(value as MantineColorScheme)}
      data={OPTIONS.map((option) => ({
        value: option.value,
        label: withLabels ? (
          <Center style={{ gap: 6 }}>
            {option.icon}
            <span>{option.value === 'auto' ? 'System' : option.label}</span>
          </Center>
        ) : (
          <Tooltip label={option.label} openDelay={300}>
            <Center>
              {option.icon}
              <VisuallyHidden>{option.label}</VisuallyHidden>
            </Center>
          </Tooltip>
        ),
      }))}
    />
  )
}
