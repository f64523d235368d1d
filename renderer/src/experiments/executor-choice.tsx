/** The editor's run option "where": this machine, or the cluster profile saved in Settings. */
import { Group, SegmentedControl, Text } from '@mantine/core'
import type { ClusterProfile, Executor } from '../../../shared/schemas/cluster-profile'

export function ExecutorChoice({ profile, path, value, onChange }: { profile: ClusterProfile; path: string; value: Executor; onChange(e: Executor): void }) {
  return (
    <div>
      <Group gap="sm" wrap="wrap">
        <Text size="sm" c="dimmed">
          Run on
        </Text>
        <SegmentedControl
          size="xs"
          aria-label="Where the jobs run"
          data-testid="executor-choice"
          data={[
            { value: 'local', label: 'This machine' },
            { value: 'slurm', label: `Cluster '${profile.name}'` },
          ]}
          value={value}
          onChange={(v) => onChange(v === 'slurm' ? 'slurm' : 'local')}
        />
      </Group>
      {value === 'slurm' && (
        <Text size="xs" c="dimmed" mt={4} data-testid="executor-cli">
          Start submits the jobs to the cluster with this profile (Settings). From a terminal, the same:{' '}
          <Text span ff="monospace" size="xs" style={{ overflowWrap: 'anywhere' }}>
            npm run experiment -- schedule.json --executor slurm --cluster {path}
          </Text>
        </Text>
      )}
    </div>
  )
}
