import { Alert, Badge, Code, DataList, Group, List, Stack, Text } from '@mantine/core'
import { IconInfoCircle } from '@tabler/icons-react'
import { useApi } from '../api/api-context'
import { useQuery } from '../api/use-query'
import { CodeText } from '../components/code-text'
import { LoadingRows } from '../components/loading-rows'
import { QueryError } from '../components/query-error'
import { SectionCard } from '../components/section-card'

/** The TF.js backend training workers use here, and why a better one (CUDA) is not available. */
export function SettingsBackend() {
  const client = useApi()
  const backends = useQuery('find the training backend', 'backends', () => client.system.backends())
  const b = backends.data
  return (
    <SectionCard title="GPU and training backend">
      {b === undefined ? (
        backends.error ? (
          <QueryError what="find the training backend" error={backends.error} onRetry={backends.refetch} />
        ) : (
          <LoadingRows rows={3} />
        )
      ) : (
        <Stack gap="sm" data-testid="backend-info">
          <DataList size="sm" labelWidth={150} gap={6}>
            <DataList.Item>
              <DataList.ItemLabel c="dimmed">Backend</DataList.ItemLabel>
              <DataList.ItemValue>
                <Group gap={6}>
                  <Text size="sm" data-testid="backend-name">
                    {b.backend}
                  </Text>
                  {b.backend === 'tfjs-node-gpu' ? <Badge color="teal">GPU</Badge> : <Badge color="gray">CPU</Badge>}
                </Group>
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel c="dimmed">SIMD</DataList.ItemLabel>
              <DataList.ItemValue>{b.simd === null ? 'not applicable' : b.simd ? 'yes' : 'no'}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel c="dimmed">Device</DataList.ItemLabel>
              <DataList.ItemValue>{b.device}</DataList.ItemValue>
            </DataList.Item>
          </DataList>
          {b.unavailable.length > 0 && (
            <Alert variant="light" color={b.backend === 'tfjs-node-gpu' ? 'gray' : 'yellow'} icon={<IconInfoCircle size={18} />} title="Faster backends not in use">
              <List size="sm" spacing={6}>
                {b.unavailable.map((u) => (
                  <List.Item key={u.name}>
                    <Code>{u.name}</Code>: <CodeText text={u.reason} />
                    {u.fix && (
                      <Text size="sm" c="dimmed" data-testid="install-hint">
                        <CodeText text={u.fix} />
                      </Text>
                    )}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
        </Stack>
      )}
    </SectionCard>
  )
}
