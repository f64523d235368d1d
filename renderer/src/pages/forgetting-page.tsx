/**
 * Forgetting: per experiment, a heatmap of checkpoints × tasks for the chosen metric (score,
 * fine-tuned − base, ratio of change, forgetting) that fills live as evaluations land; the
 * prompt-format view; and the accuracy matrix of sequential fine-tuning.
 */
import { Group, Paper, SegmentedControl, Select, Stack, Tabs, Text } from '@mantine/core'
import { IconTrendingDown } from '@tabler/icons-react'
import { useEffect, useMemo } from 'react'
import { useApi } from '../api/api-context'
import { useQuery } from '../api/use-query'
import { EmptyNote } from '../components/empty-note'
import { PageTitle } from '../components/page-title'
import { QueryState } from '../components/query-state'
import { AccuracyMatrix } from '../heatmaps/accuracy-matrix'
import { FormatView } from '../heatmaps/format-view'
import { HeatmapChart } from '../heatmaps/heatmap-chart'
import { HeatmapFilters, splitLabel, useFilters } from '../heatmaps/heatmap-filters'
import { buildHeatmap, METRIC_HELP, METRIC_LABELS, type HeatmapMetric } from '../heatmaps/heatmap-model'
import { enumCodec, useQueryState } from '../routing/query-state'
import { useExperimentData } from '../heatmaps/use-experiment-data'
import { hrefFor } from '../routing/routes'
import { currentQuery, navigate, replaceRoute } from '../routing/use-route'

const METRICS: HeatmapMetric[] = ['score', 'gain', 'ratio', 'forgetting']
const METRIC_CODEC = enumCodec(METRICS)
const TAB_CODEC = enumCodec(['heatmap', 'formats', 'matrix'] as const)

export function ForgettingPage({ experimentId }: { experimentId: number | null }) {
  const client = useApi()
  const experiments = useQuery('load the experiments', 'all', () => client.experiments.list())
  // Without an experiment in the address, the newest is chosen once and written there: a new
  // experiment starting later does not take the page over.
  const chosen = experimentId ?? experiments.data?.[0]?.id ?? null
  useEffect(() => {
    if (experimentId === null && chosen !== null) replaceRoute(`${hrefFor({ page: 'forgetting-experiment', experimentId: chosen })}${currentQuery()}`)
  }, [experimentId, chosen])
  const data = useExperimentData(chosen)
  const [metric, setMetric] = useQueryState('metric', METRIC_CODEC, 'score')
  const [tab, setTab] = useQueryState('tab', TAB_CODEC, 'heatmap')
  const filterState = useFilters(data.data?.evaluations ?? [], data.data?.runs ?? [])
  const { filters } = filterState
  const heatmap = useMemo(() => (data.data ? buildHeatmap(data.data, metric, filters) : null), [data.data, metric, filters.split, filters.format, filters.shots, filters.replay]) // eslint-disable-line react-hooks/exhaustive-deps

  const selector = (
    <Select
      label="Experiment"
      w={280}
      data-testid="experiment-select"
      data={(experiments.data ?? []).map((e) => ({ value: String(e.id), label: `#${e.id} ${e.name}` }))}
      value={chosen === null ? null : String(chosen)}
      onChange={(v) => v && navigate(`${hrefFor({ page: 'forgetting-experiment', experimentId: Number(v) })}${currentQuery()}`)}
      allowDeselect={false}
    />
  )

  return (
    <>
      <PageTitle title="Forgetting" description="What fine-tuning gains on its task and loses on everything else, checkpoint by checkpoint." right={selector} />
      <QueryState
        query={experiments}
        what="load the experiments"
        isEmpty={() => chosen === null}
        empty={
          <EmptyNote
            icon={<IconTrendingDown size={26} />}
            title="No experiments yet"
            description="Create an experiment from a schedule (Experiments page or `npm run experiment`): pre-train, keep checkpoints, fine-tune each on tasks and evaluate. Their scores fill these heatmaps as they arrive."
          />
        }
      >
        {() => (
          <QueryState
            query={{ data: data.data && heatmap ? { inputs: data.data, heatmap } : undefined, error: data.error, refetch: data.refetch }}
            what="load the evaluations"
            rows={8}
            isEmpty={(d) => d.heatmap.columns.length === 0}
            empty={
              <EmptyNote
                icon={<IconTrendingDown size={26} />}
                title="Nothing evaluated in this experiment yet"
                description="Open a checkpoint in the Checkpoints page and choose “Evaluate on the suite”, or let the experiment's evaluation jobs run. Cells appear here live as scores land."
              />
            }
          >
            {({ inputs, heatmap }) => (
              <Stack gap="md">
                <Paper withBorder radius="md" p="md">
                  <Group gap="lg" align="flex-end" wrap="wrap">
                    <HeatmapFilters {...filterState} />
                  </Group>
                </Paper>
                <Tabs value={tab} onChange={(t) => setTab(TAB_CODEC.parse(t ?? '') ?? 'heatmap')} keepMounted={false}>
                  <Tabs.List>
                    <Tabs.Tab value="heatmap">Heatmap</Tabs.Tab>
                    <Tabs.Tab value="formats">Prompt formats</Tabs.Tab>
                    <Tabs.Tab value="matrix">Accuracy matrix</Tabs.Tab>
                  </Tabs.List>
                  <Tabs.Panel value="heatmap" pt="md">
                    <Paper withBorder radius="md" p="md">
                      <Group justify="space-between" mb="sm" wrap="wrap">
                        <SegmentedControl size="xs" aria-label="Metric" data-testid="metric" value={metric} onChange={(m) => setMetric(METRIC_CODEC.parse(m) ?? 'score')} data={METRICS.map((m) => ({ value: m, label: METRIC_LABELS[m] }))} />
                        <Text size="xs" c="dimmed" maw={560}>
                          {METRIC_HELP[metric]} Click a cell to open its checkpoint.
                        </Text>
                      </Group>
                      {heatmap.rows.length === 0 ? (
                        <Text c="dimmed" ta="center" py="xl">
                          {metric === 'score' ? 'No checkpoints match these filters.' : 'No fine-tuned checkpoints match these filters: changes need a fine-tuning run branched from an evaluated pre-training checkpoint.'}
                        </Text>
                      ) : (
                        <HeatmapChart id="forgetting" title={`${METRIC_LABELS[metric]} ${splitLabel(filters.split)} ${filters.format} ${filters.shots}-shot`} heatmap={heatmap} metric={metric} />
                      )}
                    </Paper>
                  </Tabs.Panel>
                  <Tabs.Panel value="formats" pt="md">
                    <Paper withBorder radius="md" p="md">
                      <FormatView inputs={inputs} filters={filters} />
                    </Paper>
                  </Tabs.Panel>
                  <Tabs.Panel value="matrix" pt="md">
                    <Paper withBorder radius="md" p="md">
                      <AccuracyMatrix inputs={inputs} filters={filters} />
                    </Paper>
                  </Tabs.Panel>
                </Tabs>
              </Stack>
            )}
          </QueryState>
        )}
      </QueryState>
    </>
  )
}
