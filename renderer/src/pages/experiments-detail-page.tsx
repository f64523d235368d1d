/**
 * One experiment (`#/experiments/12`): its runs grouped as the study is read — pre-training,
 * fine-tuning branches by task (replay ratios side by side), evaluations — and its schedule.
 */
import { Accordion, Anchor, Code, Group, Paper, Stack, Text, Title } from '@mantine/core'
import type { RunSummary } from '../../../shared/schemas/run'
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'
import { useQuery } from '../api/use-query'
import { PageTitle } from '../components/page-title'
import { QueryState } from '../components/query-state'
import { RunTreeTable } from '../experiments/run-tree-table'
import { StatusCounts } from '../experiments/status-counts'
import { hrefFor } from '../routing/routes'

interface Group {
  id: string
  title: string
  runs: RunSummary[]
}

function groupRuns(runs: readonly RunSummary[]): Group[] {
  const byReplay = (a: RunSummary, b: RunSummary) => (a.plan?.replay ?? 0) - (b.plan?.replay ?? 0) || a.id - b.id
  const groups: Group[] = [{ id: 'pretrain', title: 'Pre-training', runs: runs.filter((r) => r.kind === 'pretrain' || r.kind === 'continual') }]
  const tasks = new Map<string, RunSummary[]>()
  for (const run of runs.filter((r) => r.kind === 'finetune')) {
    const task = run.plan?.task ?? 'other'
    tasks.set(task, [...(tasks.get(task) ?? []), run])
  }
  for (const [task, list] of tasks) {
    const ratios = [...new Set(list.map((r) => r.plan?.replay ?? 0))].sort((a, b) => a - b)
    groups.push({ id: `task-${task}`, title: `Fine-tuning on ${task} · replay ${ratios.map((p) => `${+(p * 100).toFixed(2)}%`).join(', ')}`, runs: [...list].sort(byReplay) })
  }
  groups.push({ id: 'evaluate', title: 'Evaluations', runs: runs.filter((r) => r.kind === 'evaluate') })
  return groups.filter((g) => g.runs.length > 0)
}

export function ExperimentDetailPage({ experimentId }: { experimentId: number }) {
  const client = useApi()
  const experiment = useQuery(`load experiment #${experimentId}`, String(experimentId), () => client.experiments.get({ id: experimentId }))
  const runs = useQuery(`load the runs of experiment #${experimentId}`, String(experimentId), () => client.runs.list({ experimentId }), { keepPreviousData: true })
  useAppEvents((event) => {
    if (event.type === 'run.changed' && event.run.experimentId === experimentId) runs.refetch()
    if (event.type === 'checkpoint.created' || (event.type === 'metrics.appended' && event.keys.some((k) => k.startsWith('train/')))) runs.refetch()
  })

  const groups = groupRuns(runs.data ?? [])
  return (
    <QueryState query={experiment} what={`load experiment #${experimentId}`}>
      {(e) => (
        <>
          <PageTitle
            title={
              <>
                <Anchor href={hrefFor({ page: 'experiments' })} inherit c="dimmed">
                  Experiments
                </Anchor>{' '}
                / <span data-testid="experiment-name">{e.name}</span>
              </>
            }
            description={e.description || undefined}
            right={runs.data && <StatusCounts statuses={runs.data.map((r) => r.status)} />}
          />
          <Stack gap="lg">
            <QueryState query={runs} what="load the runs">
              {() =>
                groups.map((group) => (
                  <section key={group.id} data-group={group.id}>
                    <Group gap="xs" mb={6}>
                      <Title order={3} size="h5">
                        {group.title}
                      </Title>
                      <StatusCounts statuses={group.runs.map((r) => r.status)} />
                    </Group>
                    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
                      <RunTreeTable runs={group.runs} tree={false} testId={`runs-${group.id}`} />
                    </Paper>
                  </section>
                ))
              }
            </QueryState>
            {e.schedule && (
              <Accordion variant="contained" radius="md">
                <Accordion.Item value="schedule">
                  <Accordion.Control>
                    <Text fw={500}>Schedule</Text>
                  </Accordion.Control>
                  <Accordion.Panel>
                    <Code block data-testid="experiment-schedule" style={{ maxHeight: 480, overflow: 'auto' }}>
                      {JSON.stringify(e.schedule, null, 2)}
                    </Code>
                  </Accordion.Panel>
                </Accordion.Item>
              </Accordion>
            )}
          </Stack>
        </>
      )}
    </QueryState>
  )
}
