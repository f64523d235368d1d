import { Table, Text } from '@mantine/core'
import type { Run } from '../../../shared/schemas/run'
import { diffConfigs, runSettings } from './compare-config'

/** Only the config keys on which the chosen runs differ, one column per run. */
export function CompareConfigDiff({ runs, colors }: { runs: readonly Run[]; colors: readonly string[] }) {
  const diff = diffConfigs(runs.map((r) => ({ ...runSettings(r), seed: r.seed, kind: r.kind, parentCheckpointId: r.parentCheckpointId })))
  if (diff.keys.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="config-diff-empty">
        The configs are identical ({diff.sameCount} keys).
      </Text>
    )
  return (
    <>
      <Table.ScrollContainer type="native" minWidth={240 + runs.length * 160}>
        <Table data-testid="config-diff" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Key</Table.Th>
              {runs.map((r, i) => (
                <Table.Th key={r.id} style={{ borderBottom: `2px solid ${colors[i]}` }}>
                  {r.name}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {diff.keys.map((key) => (
              <Table.Tr key={key} data-config-key={key}>
                <Table.Td ff="monospace">{key}</Table.Td>
                {diff.values.map((v, i) => (
                  <Table.Td key={runs[i]!.id} ff="monospace" c={v[key] === undefined ? 'dimmed' : undefined}>
                    {v[key] ?? '—'}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed" mt="xs">
        {diff.sameCount} identical {diff.sameCount === 1 ? 'key' : 'keys'} hidden.
      </Text>
    </>
  )
}
