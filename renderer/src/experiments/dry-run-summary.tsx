/**
 * Jobs by kind, training tokens and the time estimate of a schedule, from `experiments.dryRun`,
 * and where they would run: "N jobs on this machine | cluster 'name', partition p" with the
 * wall time of the dependency graph on that many parallel slots.
 */
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
      <Stack gap={2}>
        <Text size="sm" data-testid="dry-run-placement" data-executor={result.placement.executor} data-wall-seconds={result.placement.wallSeconds}>
          {result.placement.line}
        </Text>
        <Text size="xs" c="dimmed" data-testid="dry-run-placement-basis">
          one at a time ≈ {formatDuration(result.placement.serialSeconds * 1000)}, longest dependency chain ≈ {formatDuration(result.placement.criticalPathSeconds * 1000)}; {result.placement.basis}
        </Text>
      </Stack>
    </Stack>
  )
}
