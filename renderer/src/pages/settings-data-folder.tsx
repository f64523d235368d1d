import { useState } from 'react'
import { Alert, Button, Code, Group, Stack, Text, TextInput } from '@mantine/core'
import { IconRefresh } from '@tabler/icons-react'
import type { DataFolderState } from '../../../shared'
import { useApi } from '../api/api-context'
import { reportError } from '../api/report-error'
import { useQuery } from '../api/use-query'
import { SectionCard } from '../components/section-card'

/** Where the database and checkpoints live; a new folder takes effect after a restart. */
export function SettingsDataFolder() {
  const client = useApi()
  const folder = useQuery('load the data folder', 'data-folder', () => client.system.dataFolder())
  const [saved, setSaved] = useState<DataFolderState | undefined>()
  const state = saved ?? folder.data
  const [draft, setDraft] = useState<string | undefined>()
  const [saving, setSaving] = useState(false)
  if (!state) return null
  const value = draft ?? state.next ?? state.current
  const save = async (dataDir: string | null) => {
    setSaving(true)
    try {
      setSaved(await client.system.setDataDir({ dataDir }))
      setDraft(undefined)
    } catch (error) {
      reportError('change the data folder', error)
    } finally {
      setSaving(false)
    }
  }
  return (
    <SectionCard title="Data folder">
      <Stack gap="sm" data-testid="data-folder">
        <Text size="sm">
          In use: <Code>{state.current}</Code>
        </Text>
        {state.changeable ? (
          <>
            <Group align="flex-end" gap="sm">
              <TextInput
                label="Folder for the database and checkpoints"
                description="An absolute path; it is created if missing. Existing data is not moved."
                value={value}
                onChange={(e) => setDraft(e.currentTarget.value)}
                style={{ flex: 1 }}
                ff="monospace"
              />
              <Button onClick={() => void save(value.trim())} loading={saving} disabled={!value.trim() || value.trim() === (state.next ?? state.current)}>
                Use this folder
              </Button>
              <Button variant="default" onClick={() => void save(null)} disabled={saving || (state.next === null && state.current === state.default)}>
                Default
              </Button>
            </Group>
            {state.next && (
              <Alert color="blue" variant="light" icon={<IconRefresh size={18} />} title="Takes effect after a restart" data-testid="data-folder-pending">
                Continuum will use <Code>{state.next}</Code> from the next start. Quit and open the app again to switch; runs in the current folder stay there.
              </Alert>
            )}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {state.reason}
          </Text>
        )}
      </Stack>
    </SectionCard>
  )
}
