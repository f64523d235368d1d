/**
 * Compare's forgetting section: the cell-by-cell difference of two heatmaps (two experiments,
 * or two replay ratios of one) and the trade-off scatter of target gain against retained
 * knowledge.
 */
import { Group, SegmentedControl, Select, Stack, Text } from '@mantine/core'
import { useEffect, useMemo } from 'react'
import { useApi } from '../api/api-context'
import { useQuery } from '../api/use-query'
import { LoadingRows } from '../components/loading-rows'
import { SectionCard } from '../components/section-card'
import { HeatmapChart } from '../heatmaps/heatmap-chart'
import { HeatmapFilters, useFilters } from '../heatmaps/heatmap-filters'
import { buildHeatmap, differenceHeatmap, METRIC_LABELS, pct, type HeatmapMetric, type HeatmapRow } from '../heatmaps/heatmap-model'
import { TradeoffScatter } from '../heatmaps/tradeoff-scatter'
import { useExperimentData } from '../heatmaps/use-experiment-data'
import { enumCodec, useQueryState, type Codec } from '../routing/query-state'

const METRICS: HeatmapMetric[] = ['score', 'gain', 'ratio', 'forgetting']
const METRIC_CODEC = enumCodec(METRICS)
const BY_CODEC = enumCodec(['replay', 'experiment'] as const)
const ID_CODEC: Codec<number | null> = { parse: (t) => (/^\d+$/.test(t) ? Number(t) : undefined), format: (v) => (v === null ? '' : String(v)) }
const NULLABLE_STRING: Codec<string | null> = { parse: (t) => t, format: (v) => v ?? '' }

export function CompareForgetting() {
  const client = useApi()
  const experiments = useQuery('load the experiments', 'all', () => client.experiments.list())
  // All in the address, under `d…` (`diff=experiment&da=3&db=5&dmetric=ratio&ra=0.25`).
  const [aId, setA] = useQueryState<number | null>('da', ID_CODEC, null)
  const [bId, setB] = useQueryState<number | null>('db', ID_CODEC, null)
  const [by, setBy] = useQueryState('diff', BY_CODEC, 'replay')
  const [metric, setMetric] = useQueryState('dmetric', METRIC_CODEC, 'gain')
  const [replayA, setReplayA] = useQueryState<string | null>('ra', NULLABLE_STRING, null)
  const [replayB, setReplayB] = useQueryState<string | null>('rb', NULLABLE_STRING, null)
  const first = experiments.data?.[0]?.id ?? null
  const a = aId ?? first
  const b = by === 'experiment' ? (bId ?? experiments.data?.[1]?.id ?? first) : a
  // The defaults are pinned in the address once known: a new experiment does not replace them.
  useEffect(() => {
    if (aId === null && a !== null) setA(a)
    if (by === 'experiment' && bId === null && b !== null) setB(b)
  }, [aId, a, bId, b, by, setA, setB])
  const dataA = useExperimentData(a)
  const dataB = useExperimentData(b)
  const filterState = useFilters(dataA.data?.evaluations ?? [], dataA.data?.runs ?? [], 'd')
  const { filters, options } = filterState
  const rA = replayA ?? (options.replays[1] !== undefined ? String(options.replays[1]) : null)
  const rB = replayB ?? (options.replays[0] !== undefined ? String(options.replays[0]) : null)

  const diff = useMemo(() => {
    if (!dataA.data || !dataB.data) return null
    const columns = filterOptions2(dataA.data.evaluations, dataB.data.evaluations)
    if (by === 'replay') {
      if (rA === null || rB === null) return null
      const ha = buildHeatmap(dataA.data, metric, { ...filters, replay: rA }, columns)
      const hb = buildHeatmap(dataA.data, metric, { ...filters, replay: rB }, columns)
      const key = (r: HeatmapRow) => `${r.kind}|${r.fromStep}|${r.trainedTask}|${r.step}`
      const d = differenceHeatmap(ha, hb, key)
      d.rows = d.rows.map((r) => ({ ...r, label: r.label.replace(/ · replay [\d.]+%/, ''), sub: r.sub.replace(/ · replay [\d.]+%/, '') }))
      return d
    }
    const ha = buildHeatmap(dataA.data, metric, filters, columns)
    const hb = buildHeatmap(dataB.data, metric, filters, columns)
    return differenceHeatmap(ha, hb, (r) => `${r.kind}|${r.fromStep}|${r.replay}|${r.trainedTask}|${r.step}`)
  }, [dataA.data, dataB.data, by, rA, rB, metric, filters.split, filters.format, filters.shots, filters.replay]) // eslint-disable-line react-hooks/exhaustive-deps

  const expOptions = (experiments.data ?? []).map((e) => ({ value: String(e.id), label: `#${e.id} ${e.name}` }))
  const replayOptions = options.replays.map((r) => ({ value: String(r), label: pct(r) }))
  if (experiments.data && experiments.data.length === 0) return null
  return (
    <Stack gap="md">
      <SectionCard title="Difference of two heatmaps">
        <Stack gap="sm">
          <Group gap="md" align="flex-end" wrap="wrap">
            <SegmentedControl size="xs" aria-label="Compare by" value={by} onChange={(v) => setBy(BY_CODEC.parse(v) ?? 'replay')} data={[{ value: 'replay', label: 'Two replay ratios' }, { value: 'experiment', label: 'Two experiments' }]} data-testid="diff-by" />
            <Select size="xs" w={220} label={by === 'replay' ? 'Experiment' : 'Experiment A'} data={expOptions} value={a === null ? null : String(a)} onChange={(v) => v && setA(Number(v))} allowDeselect={false} />
            {by === 'experiment' ? (
              <Select size="xs" w={220} label="minus experiment B" data={expOptions} value={b === null ? null : String(b)} onChange={(v) => v && setB(Number(v))} allowDeselect={false} />
            ) : (
              <>
                <Select size="xs" w={110} label="Replay A" data={replayOptions} value={rA} onChange={setReplayA} allowDeselect={false} data-testid="diff-replay-a" />
                <Select size="xs" w={120} label="minus replay B" data={replayOptions} value={rB} onChange={setReplayB} allowDeselect={false} data-testid="diff-replay-b" />
              </>
            )}
            <Select size="xs" w={170} label="Metric" data={METRICS.map((m) => ({ value: m, label: METRIC_LABELS[m] }))} value={metric} onChange={(v) => v && setMetric(METRIC_CODEC.parse(v) ?? 'gain')} allowDeselect={false} />
          </Group>
          <HeatmapFilters {...filterState} show={{ replay: false }} />
          {diff === null ? (
            dataA.data ? (
              <Text c="dimmed" size="sm">
                Pick two replay ratios (the experiment needs fine-tuning runs with at least two).
              </Text>
            ) : (
              <LoadingRows rows={4} />
            )
          ) : diff.rows.length === 0 ? (
            <Text c="dimmed" size="sm" ta="center" py="lg">
              The two heatmaps share no rows: fine-tunes are matched by from-step, task and step.
            </Text>
          ) : (
            <HeatmapChart id="difference" title={`difference ${METRIC_LABELS[metric]}`} heatmap={diff} metric="difference" />
          )}
        </Stack>
      </SectionCard>
      <SectionCard title="Trade-off: target-task gain against retained knowledge">
        {dataA.data ? <TradeoffScatter inputs={dataA.data} filters={filters} /> : <LoadingRows rows={4} />}
      </SectionCard>
    </Stack>
  )
}

function filterOptions2(a: readonly { task: string }[], b: readonly { task: string }[]): string[] {
  const tb = new Set(b.map((e) => e.task))
  return [...new Set(a.map((e) => e.task))].filter((t) => tb.has(t)).sort()
}
