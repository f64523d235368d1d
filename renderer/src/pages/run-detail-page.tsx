import { Anchor, Badge, Code, DataList, Group, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconArrowLeft, IconBookmarks, IconChartLine } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import type { Series } from '../../../shared/schemas/metric'
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'
import { useQuery } from '../api/use-query'
import { LineageCache, resolveLineage } from '../charts/lineage'
import { CheckpointsTable } from '../components/checkpoints-table'
import { MetricKeysTable } from '../components/metric-keys-table'
import { EmptyNote } from '../components/empty-note'
import { PageTitle } from '../components/page-title'
import { QueryState, type QuerySource } from '../components/query-state'
import { RelativeTime } from '../components/relative-time'
import { SectionCard } from '../components/section-card'
import { StatusBadge } from '../components/status-badge'
import { TagList } from '../components/tag-list'
import { formatCount, formatInteger } from '../format/numbers'
import { formatDuration } from '../format/time'
import { RunActions } from '../experiments/run-actions'
import { RunDetailCurves } from './run-detail-curves'
import { runSettings } from './compare-config'

export function RunDetailPage({ runId }: { runId: number }) {
  const client = useApi()
  const run = useQuery(`load run #${runId}`, String(runId), () => client.runs.get({ id: runId }))
  const experimentId = run.data?.experimentId ?? null
  const experiment = useQuery('load the run’s experiment', String(experimentId), () =>
    experimentId === null ? Promise.resolve(null) : client.experiments.get({ id: experimentId }),
  )
  const metrics = useQuery<Series[]>(`load the metrics of run #${runId}`, String(runId), async () => {
    const keys = await client.metrics.keys({ runId })
    return keys.length === 0 ? [] : client.metrics.seriesMany({ series: keys.map((key) => ({ runId, key })), maxBuckets: 1 })
  })
  const checkpoints = useQuery(`load the checkpoints of run #${runId}`, String(runId), () => client.checkpoints.list({ runId }))
  const runLoaded = run.data !== undefined
  // Completed ancestors are fetched once; each metrics event refetches only the run's own part.
  const [lineageCache] = useState(() => new LineageCache())
  const lineage = useQuery(
    `load the lineage of run #${runId}`,
    `${runId}:${runLoaded}`,
    () => (run.data ? resolveLineage(client, run.data, lineageCache) : Promise.resolve(null)),
    { throttleMs: 3000, keepPreviousData: true },
  )

  useAppEvents((event) => {
    if (event.type === 'run.changed' && event.run.id === runId) run.refetch()
    if (event.type === 'metrics.appended' && event.runId === runId) {
      run.refetch()
      metrics.refetch()
      // Keys, first points and schedule changes; the charts fetch their own new points.
      lineage.refetch()
    }
    if (event.type === 'checkpoint.created' && event.checkpoint.runId === runId) {
      run.refetch()
      checkpoints.refetch()
    }
  })

  const back = (
    <Anchor href="#/runs" size="sm" display="inline-flex" style={{ alignItems: 'center', gap: 4 }} mb="xs">
      <IconArrowLeft size={14} /> All runs
    </Anchor>
  )

  return (
    <QueryState query={run} what={`load run #${runId}`} rows={6} frame={(node) => <>{back}{node}</>}>
      {(r) => {
        const configText = JSON.stringify(runSettings(r), null, 2)
        return (
          <Stack gap="md">
            <div>
              {back}
              <PageTitle
                title={
                  <Group gap="sm" component="span">
                    <span>{r.name}</span>
                    <StatusBadge status={r.status} />
                  </Group>
                }
                description={`${r.kind} run #${r.id}${experiment.data ? ` · experiment ${experiment.data.name}` : ''}`}
                right={<RunActions run={r} labelled />}
              />
            </div>

            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
              <SectionCard title="Overview">
                <DataList size="sm" labelWidth={150} gap={6} data-testid="run-overview">
                  <Item label="Kind">{r.kind}</Item>
                  <Item label="Backend">
                    {r.backend ?? <Dim>not started</Dim>}
                    {r.backendDetail && (
                      <Dim>
                        {r.backendDetail.simd ? ' · SIMD' : ''} · {r.backendDetail.threads} thread{r.backendDetail.threads === 1 ? '' : 's'}
                      </Dim>
                    )}
                  </Item>
                  {r.backendDetail?.unavailable.map((u) => (
                    <Item key={u.name} label={`Not ${u.name}`}>
                      <Dim>{u.reason}</Dim>
                    </Item>
                  ))}
                  <Item label="Seed">
                    <Text span ff="monospace" size="sm">
                      {r.seed}
                    </Text>
                  </Item>
                  <Item label="Parent checkpoint">
                    {r.parentCheckpointId === null ? <Dim>none — trained from scratch</Dim> : `checkpoint #${r.parentCheckpointId}`}
                  </Item>
                  <Item label="Tokens seen">
                    {r.tokensSeen > 0 ? `${formatCount(r.tokensSeen)} (${formatInteger(r.tokensSeen)})` : <Dim>none yet</Dim>}
                  </Item>
                  <Item label="Last step">{r.lastStep === null ? <Dim>none yet</Dim> : formatInteger(r.lastStep)}</Item>
                  <Item label="Created">
                    <RelativeTime timestamp={r.createdAt} />
                  </Item>
                  <Item label="Started">
                    <RelativeTime timestamp={r.startedAt} />
                  </Item>
                  <Item label="Finished">
                    {r.finishedAt === null ? (
                      <Dim>—</Dim>
                    ) : (
                      <>
                        <RelativeTime timestamp={r.finishedAt} />
                        {r.startedAt !== null && <Dim> after {formatDuration(r.finishedAt - r.startedAt)}</Dim>}
                      </>
                    )}
                  </Item>
                </DataList>
              </SectionCard>
              <SectionCard title="Tags and notes">
                <Stack gap="sm">
                  <TagList tags={r.tags} empty="No tags" />
                  {r.notes ? (
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="run-notes">
                      {r.notes}
                    </Text>
                  ) : (
                    <Dim>No notes</Dim>
                  )}
                </Stack>
              </SectionCard>
            </SimpleGrid>

            <SectionCard title="Curves">
              <QueryState
                // null: asked before the run had loaded, so still loading.
                query={{ ...lineage, data: lineage.data ?? undefined }}
                what="load the run’s curves"
                isEmpty={(l) => l.runs.every((run) => run.keys.length === 0)}
                empty={
                  <EmptyNote
                    compact
                    icon={<IconChartLine size={22} />}
                    title="No curves yet"
                    description="Loss, learning rate and the rest are drawn here as soon as the run logs its first step."
                  />
                }
              >
                {(l) => <RunDetailCurves run={r} lineage={l} />}
              </QueryState>
            </SectionCard>

            <ListCard
              title="Metrics"
              query={metrics}
              what="load the metrics"
              badge={(list) => (list.length === 1 ? '1 key' : `${list.length} keys`)}
              empty={<EmptyNote compact icon={<IconChartLine size={22} />} title="No metrics recorded yet" description="A training job logs train/loss, lr and the rest here as it runs." />}
            >
              {(series) => <MetricKeysTable series={series} />}
            </ListCard>

            <ListCard
              title="Checkpoints"
              query={checkpoints}
              what="load the checkpoints"
              badge={(list) => list.length}
              empty={<EmptyNote compact icon={<IconBookmarks size={22} />} title="No checkpoints saved" description="Checkpoints appear here as the run saves them; each can be fine-tuned from." />}
            >
              {(list) => <CheckpointsTable checkpoints={list} />}
            </ListCard>

            <SectionCard title="Config">
              {configText === '{}' ? (
                <Dim>No config recorded</Dim>
              ) : (
                <Code block data-testid="run-config" style={{ maxHeight: 420, overflow: 'auto' }}>
                  {configText}
                </Code>
              )}
            </SectionCard>
          </Stack>
        )
      }}
    </QueryState>
  )
}

/** A flush card over a list query: its count in the corner, then skeleton rows, the error, the empty note or the list. */
function ListCard<T>({ title, query, what, badge, empty, children }: { title: string; query: QuerySource<T[]>; what: string; badge: (list: T[]) => ReactNode; empty: ReactNode; children: (list: T[]) => ReactNode }) {
  return (
    <SectionCard title={title} flush right={query.data && <Badge color="gray">{badge(query.data)}</Badge>}>
      <QueryState query={query} what={what} rows={2} frame={(node) => <Pad>{node}</Pad>} isEmpty={(list) => list.length === 0} empty={empty}>
        {children}
      </QueryState>
    </SectionCard>
  )
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel c="dimmed">{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  )
}

function Dim({ children }: { children: ReactNode }) {
  return (
    <Text span c="dimmed" size="sm">
      {children}
    </Text>
  )
}

function Pad({ children }: { children: ReactNode }) {
  return <div style={{ padding: 'var(--mantine-spacing-md)', paddingTop: 0 }}>{children}</div>
}
