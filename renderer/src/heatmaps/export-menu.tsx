import { Button, Menu } from '@mantine/core'
import { IconDownload } from '@tabler/icons-react'
import { exportSafely } from '../charts/export-data'

export type ExportFormat = 'csv' | 'json' | 'png' | 'svg'

/**
 * One "Export" button with the formats a table or chart offers. Every export runs through
 * `exportSafely`: one that fails says so in a notification naming `what` and the format.
 */
export function ExportMenu({ formats, onExport, what, label = 'Export', testId }: { formats: ExportFormat[]; onExport(format: ExportFormat): void | Promise<void>; what: string; label?: string; testId?: string }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" size="xs" leftSection={<IconDownload size={14} />} data-testid={testId}>
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {formats.map((f) => (
          <Menu.Item key={f} onClick={() => void exportSafely(`${what} as ${f.toUpperCase()}`, () => onExport(f))}>
            {f.toUpperCase()}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  )
}
