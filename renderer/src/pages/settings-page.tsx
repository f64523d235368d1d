import { CopyButton, DataList, Grid, Group, Stack, Table, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'
import { useQuery } from '../api/use-query'
import { LoadingRows } from '../components/loading-rows'
import { PageTitle } from '../components/page-title'
import { QueryError } from '../components/query-error'
import { SectionCard } from '../components/section-card'
import { formatInteger } from '../format/numbers'
import { ColorSchemeControl } from '../layout/color-scheme-control'
import { SettingsBackend } from './settings-backend'
import { SettingsDataFolder } from './settings-data-folder'
import { SettingsCluster } from './settings-cluster'

export function SettingsPage() {
  const client = useApi()
  const info = useQuery('load the system information', 'info', () => client.system.info())
  useAppEvents((event) => {
    if (event.type === 'run.changed' || event.type === 'metrics.appended' || event.type === 'checkpoint.created') info.refetch()
  })

  return (
    <>
      <PageTitle title="Settings" description="Where your data lives, how this window reaches it, and where jobs run." />
      <Stack gap="md" maw={1120}>
        <SectionCard title="Appearance">
          <Group gap="md">
            <Text size="sm" c="dimmed" w={150}>
              Colour scheme
            </Text>
            <ColorSchemeControl withLabels />
          </Group>
        </SectionCard>
        {info.data === undefined ? (
          info.error ? (
            <QueryError what="load the system information" error={info.error} onRetry={info.refetch} />
          ) : (
            <LoadingRows rows={6} />
          )
        ) : (
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <SectionCard title="Application">
                <DataList size="sm" labelWidth={150} gap={6} data-testid="system-info">
                  <Row label="App version" value={info.data.appVersion} />
                  <Row label="Transport" value={info.data.transport} />
                  <Row label="Platform" value={info.data.platform} />
                  <Row label="Schema version" value={String(info.data.schemaVersion)} />
                  <Row label="Data folder" value={info.data.dataDir} copy testId="data-dir" />
                  <Row label="Database" value={info.data.databasePath} copy testId="database-path" />
                </DataList>
              </SectionCard>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <SectionCard title="Contents" flush>
                <Table aria-label="Database contents" data-testid="counts-table" horizontalSpacing="md">
                  <Table.Tbody>
                    <Count label="Experiments" value={info.data.counts.experiments} />
                    <Count label="Runs" value={info.data.counts.runs} />
                    <Count label="Checkpoints" value={info.data.counts.checkpoints} />
                    <Count label="Metric points" value={info.data.counts.metricPoints} />
                  </Table.Tbody>
                </Table>
              </SectionCard>
            </Grid.Col>
          </Grid>
        )}
        <SettingsDataFolder />
        <SettingsBackend />
        <SettingsCluster />
      </Stack>
    </>
  )
}

function Row({ label, value, copy = false, testId }: { label: string; value: string; copy?: boolean; testId?: string }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel c="dimmed">{label}</DataList.ItemLabel>
      <DataList.ItemValue>
        <Group gap={6} wrap="nowrap" align="flex-start">
          <Text size="sm" ff={copy ? 'monospace' : undefined} fz={copy ? 'xs' : undefined} style={{ overflowWrap: 'anywhere' }} data-testid={testId}>
            {value}
          </Text>
          {copy && (
            <CopyButton value={value}>
              {({ copied, copy: doCopy }) => (
                <Tooltip label={copied ? 'Copied' : `Copy ${label.toLowerCase()}`} withArrow>
                  <UnstyledButton onClick={doCopy} aria-label={`Copy ${label.toLowerCase()}`} c={copied ? 'teal' : 'dimmed'} style={{ lineHeight: 0 }}>
                    {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                  </UnstyledButton>
                </Tooltip>
              )}
            </CopyButton>
          )}
        </Group>
      </DataList.ItemValue>
    </DataList.Item>
  )
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <Table.Tr>
      <Table.Td c="dimmed">{label}</Table.Td>
      <Table.Td ta="right" data-count={label}>
        {formatInteger(value)}
      </Table.Td>
    </Table.Tr>
  )
}
