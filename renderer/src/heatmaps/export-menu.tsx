import { Button, Menu } from '@mantine/core'
import { IconDownload } from '@tabler/icons-react'

export type ExportFormat = 'csv' | 'json' | 'png' | 'svg'

/** One "Export" button with the formats a table or chart offers. */
export function ExportMenu({ formats, onExport, label = 'Export', testId }: { formats: ExportFormat[]; onExport(format: ExportFormat): void; label?: string; testId?: string }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" size="xs" leftSection={<IconDownload size={14} />} data-testid={testId}>
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {formats.map((f) => (
          <Menu.Item key={f} onClick={() => onExport(f)}>
            {f.toUpperCase()}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  )
}
