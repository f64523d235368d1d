/** Jobs by kind, training tokens and the time estimate of a schedule, from `experiments.dryRun`. */
import { Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core'
import type { DryRunResult } from '../../../shared/schemas/experiment-calls'
import { formatCount, formatInteger } from '../format/numbers'
import { formatDuration } from '../format/time'

function Figure({ label, value, testId, title }: { label: string; value: string; testId: string; title?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="lg" data-testid={testId} title={title} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
    </Stack>
  )
}

export function DryRunSummary({ result, pending }: { result: DryRunResult | null; pending: boolean }) {
  if (!result)
    return (
      <Group gap="xs">
        {pending && <Loader size="xs" />}
        <Text size="sm" c="dimmed">
          {pending ? 'Planning…' : 'Fix the schedule to see its jobs and cost.'}
        </Text>
      </Group>
    )
  const kinds = Object.entries(result.byKind).filter(([, n]) => n > 0)
  return (
    <Stack gap="xs" data-testid="dry-run" data-pending={pending}>
      <SimpleGrid cols={3} spacing="sm">
        <Figure label="Jobs" value={formatInteger(result.jobs)} testId="dry-run-jobs" />
        <Figure label="Training tokens" value={formatCount(result.trainingTokens)} title={`${formatInteger(result.trainingTokens)} tokens`} testId="dry-run-tokens" />
        <Figure label="Training time" value={`≈ ${formatDuration(result.trainingSeconds * 1000)}`} testId="dry-run-time" />
      </SimpleGrid>
      <Text size="xs" c="dimmed" data-testid="dry-run-kinds">
        {kinds.map(([kind, n]) => `${n} ${kind}`).join(' · ')} · {formatInteger(result.evaluations)} evaluations
      </Text>
      <Text size="xs" c="dimmed" data-testid="dry-run-throughput">
        at {formatCount(result.tokensPerSecond)} tokens/s ({result.throughputSource}){pending ? ' · updating…' : ''}
      </Text>
    </Stack>
  )
}
