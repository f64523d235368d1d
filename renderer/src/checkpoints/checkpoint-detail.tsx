/** One checkpoint: its figures, run, evaluations (live), a prompt box and its actions. */
import { Anchor, Badge, EmptyState, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { IconChecklist } from '@tabler/icons-react'
import type { Checkpoint } from '../../../shared/schemas/checkpoint'
import type { RunSummary } from '../../../shared/schemas/run'
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'
import { useQuery } from '../api/use-query'
import { LoadingRows } from '../components/loading-rows'
import { SectionCard } from '../components/section-card'
import { formatBytes, formatCount, formatInteger } from '../format/numbers'
import { hrefFor } from '../routing/routes'
import { CheckpointActions } from './checkpoint-actions'
import { EvaluationsExport, EvaluationsTable } from './evaluations-table'
import { GenerateBox } from './generate-box'

function Figure({ label, value, title, testId }: { label: string; value: string; title?: string; testId: string }) {
  return (
    <Paper withBorder radius="md" p="sm" title={title} data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-value>
        {value}
      </Text>
    </Paper>
  )
}

export function CheckpointDetail({ checkpoint, run, branches, onDeleted }: { checkpoint: Checkpoint; run: RunSummary | undefined; branches: RunSummary[]; onDeleted(): void }) {
  const client = useApi()
  const evaluations = useQuery('load the evaluations', String(checkpoint.id), () => client.evaluations.list({ checkpointId: checkpoint.id }), { throttleMs: 500 })
  useAppEvents((event) => {
    if (event.type === 'evaluation.created' && event.evaluation.checkpointId === checkpoint.id) evaluations.refetch()
  })
  const runName = run?.name ?? `Run #${checkpoint.runId}`

  return (
    <Stack gap="md" data-testid="checkpoint-detail" data-checkpoint-id={checkpoint.id}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Title order={3} size="h4">
            Checkpoint #{checkpoint.id} · step {formatInteger(checkpoint.step)}
          </Title>
          <Group gap="xs" mt={4}>
            <Anchor href={hrefFor({ page: 'run', runId: checkpoint.runId })} size="sm">
              {runName}
            </Anchor>
            {run && (
              <Badge size="xs" variant="light">
                {run.kind}
              </Badge>
            )}
          </Group>
        </div>
        <CheckpointActions checkpoint={checkpoint} runName={runName} evaluationCount={evaluations.data?.length ?? 0} branches={branches} onDeleted={onDeleted} />
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure label="Step" value={formatInteger(checkpoint.step)} testId="fig-step" />
        <Figure label="Tokens seen" value={formatCount(checkpoint.tokens)} title={`${formatInteger(checkpoint.tokens)} tokens`} testId="fig-tokens" />
        <Figure label="On disk" value={formatBytes(checkpoint.bytes)} title={`${formatInteger(checkpoint.bytes)} bytes`} testId="fig-bytes" />
        <Figure label="Branched runs" value={String(branches.length)} testId="fig-branches" />
      </SimpleGrid>
      <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
        {checkpoint.path} · sha256 {checkpoint.sha256.slice(0, 16)}…
      </Text>
      <SectionCard
        title={`Evaluations${evaluations.data ? ` (${evaluations.data.length})` : ''}`}
        right={evaluations.data?.length ? <EvaluationsExport checkpointId={checkpoint.id} evaluations={evaluations.data} /> : undefined}
        flush
      >
        {evaluations.data === undefined ? (
          <LoadingRows rows={3} />
        ) : evaluations.data.length === 0 ? (
          <EmptyState
            my="lg"
            icon={<IconChecklist size={22} />}
            title="Not evaluated yet"
            description="Choose “Evaluate on the suite” above: it queues an evaluation run on the experiment's tasks, splits, prompt formats and shots. Scores appear here as they land."
            maw={520}
            mx="auto"
          />
        ) : (
          <EvaluationsTable evaluations={evaluations.data} />
        )}
      </SectionCard>
      <SectionCard title="Generate">
        <GenerateBox key={checkpoint.id} checkpointId={checkpoint.id} />
      </SectionCard>
    </Stack>
  )
}
