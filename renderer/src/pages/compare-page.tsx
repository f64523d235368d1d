/**
 * Compare runs: one metric of two or more runs overlaid on a shared axis (step, tokens, wall
 * time, or steps since each run's branch point), with the same bands, smoothing and zoom as a
 * run's own curves, and a config diff that lists only the keys on which the runs differ.
 * The choice lives in the address (`#/compare?runs=3,7&key=val/loss&x=tokens`), so a
 * comparison can be bookmarked or sent.
 */
import { Button, EmptyState, Group, MultiSelect, Paper, Select, SegmentedControl, Slider, Stack, Switch, Text, useComputedColorScheme } from '@mantine/core'
import { IconArrowsDiff } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'
import { useQuery } from '../api/use-query'
import { seriesColor } from '../charts/chart-theme'
import { ChartHint } from '../charts/chart-hint'
import { LineageCache, resolveLineage } from '../charts/lineage'
import { MetricChart } from '../charts/metric-chart'
import type { LineSpec } from '../charts/plot-data'
import type { XRange } from '../charts/use-chart-series'
import { X_MODE_LABELS, type XMode } from '../charts/x-axis'
import { boolCodec, enumCodec, idListCodec, numberCodec, stringCodec, useQueryState } from '../routing/query-state'
import { PageTitle } from '../components/page-title'
import { QueryState } from '../components/query-state'
import { SectionCard } from '../components/section-card'
import { CompareConfigDiff } from './compare-config-diff'
import { CompareForgetting } from './compare-forgetting'

const MODES: XMode[] = ['step', 'tokens', 'wall', 'branch']

const MODE_CODEC = enumCodec(MODES)
const SMOOTH_CODEC = numberCodec(-1, 0.99)
const NO_RUNS: number[] = []
const FINETUNE_KEY_LABELS: Record<string, string> = {
  'val/loss': 'held-out pre-training loss (val/loss)',
  'train/task_loss': 'task loss',
  'train/replay_loss': 'replay loss',
}
/** What a fine-tune comparison is about: forgetting (held-out pre-training loss) and the task. */
const FINETUNE_KEYS = ['val/loss', 'train/task_loss', 'train/replay_loss']

export function ComparePage() {
  const client = useApi()
  const scheme = useComputedColorScheme('light')
  // The whole view lives in the address (`#/compare?runs=3,7&key=val/loss&x=tokens`).
  const [runIds, setRunIds] = useQueryState('runs', idListCodec, NO_RUNS)
  const [chosenKey, setChosenKey] = useQueryState<string | null>('key', { parse: (t) => t, format: (v) => v ?? '' }, null)
  const [urlMode, setMode] = useQueryState('x', MODE_CODEC, 'step')
  const [zoom, setZoom] = useState<XRange | null>(null)
  const [smoothParam, setSmoothParam] = useQueryState('smooth', SMOOTH_CODEC, -1)
  const [lastAlpha, setLastAlpha] = useState(0.6)
  const smoothOn = smoothParam >= 0
  const alpha = smoothOn ? smoothParam : lastAlpha
  const [clip, setClip] = useQueryState('clip', boolCodec, true)
  const [logY, setLogY] = useQueryState('log', boolCodec, false)
  const [experimentFilter, setExperimentFilter] = useQueryState('exp', stringCodec, 'all')

  const allRuns = useQuery('load the runs', 'all', () => client.runs.list({}))
  const idsKey = runIds.join(',')
  // The list saves a runs.get per run; without it (it failed) each run is fetched on its own.
  const listed = allRuns.data !== undefined || allRuns.error !== undefined
  // Completed runs and ancestors are fetched once; a metrics event refetches only the live ones.
  const [lineageCache] = useState(() => new LineageCache())
  const lineages = useQuery(
    'load the chosen runs',
    `${idsKey}:${listed}`,
    () =>
      listed || runIds.length < 2
        ? Promise.all(
            runIds.map(async (id) => resolveLineage(client, allRuns.data?.find((r) => r.id === id) ?? (await client.runs.get({ id })), lineageCache)),
          )
        : new Promise<never>(() => {}),
    { keepPreviousData: true, throttleMs: 3000 },
  )
  useAppEvents((event) => {
    if (event.type === 'run.changed') allRuns.refetch()
    if (event.type === 'metrics.appended' && runIds.includes(event.runId)) lineages.refetch()
  })

  const chosen = useMemo(() => (lineages.data ?? []).map((l) => l.runs[l.runs.length - 1]!), [lineages.data])
  const keys = useMemo(() => [...new Set(chosen.flatMap((r) => r.keys))].sort(), [chosen])
  // Fine-tunes are compared on forgetting first: held-out pre-training loss, then the task's own.
  const finetunes = chosen.length > 0 && chosen.every((r) => r.run.kind === 'finetune')
  const preferred = [...(finetunes ? FINETUNE_KEYS : []), 'train/loss'].find((k) => keys.includes(k))
  const key = chosenKey && keys.includes(chosenKey) ? chosenKey : (preferred ?? keys[0] ?? null)
  const branched = chosen.some((r) => r.run.parentCheckpointId !== null)
  const modes = branched ? MODES : MODES.filter((m) => m !== 'branch')
  const mode: XMode = modes.includes(urlMode) ? urlMode : 'step'
  const colors = useMemo(() => chosen.map((_, i) => seriesColor(i, scheme)), [chosen, scheme])
  /** Chosen runs that never logged the metric: said, not silently left out of the legend. */
  const missing = key === null ? [] : chosen.filter((r) => !r.keys.includes(key))

  const specs = useMemo<LineSpec[]>(
    () =>
      key === null
        ? []
        : chosen
            .filter((r) => r.keys.includes(key))
            .map((r) => ({
              id: `${r.run.id}:${key}`,
              runId: r.run.id,
              runName: r.run.name,
              key,
              label: `${r.run.name} #${r.run.id}`,
              segment: r.segment,
              color: colors[chosen.indexOf(r)]!,
              ancestor: false,
            })),
    [chosen, key, colors],
  )

  const experiments = useQuery('load the experiments', 'all', () => client.experiments.list())
  const inFilter = (r: { id: number; experimentId: number | null }) => experimentFilter === 'all' || runIds.includes(r.id) || String(r.experimentId) === experimentFilter
  const runOptions = (allRuns.data ?? []).filter(inFilter).map((r) => ({ value: String(r.id), label: `#${r.id} ${r.name} (${r.kind})` }))
  const enough = runIds.length >= 2

  return (
    <>
      <PageTitle title="Compare" description="Runs side by side: one metric on a shared axis, and how their configs differ." />
      <Stack gap="md">
        <Paper withBorder radius="md" p="md">
          <Group align="flex-end" gap="md" wrap="wrap">
            <Select
              label="Experiment"
              data={[{ value: 'all', label: 'All experiments' }, ...(experiments.data ?? []).map((e) => ({ value: String(e.id), label: `#${e.id} ${e.name}` }))]}
              value={experimentFilter}
              onChange={(v) => setExperimentFilter(v ?? 'all')}
              allowDeselect={false}
              w={220}
              data-testid="compare-experiment"
            />
            <MultiSelect
              label="Runs"
              placeholder={runIds.length === 0 ? 'Pick two or more runs' : undefined}
              data={runOptions}
              value={runIds.map(String)}
              onChange={(values) => {
                setRunIds(values.map(Number))
                setZoom(null)
              }}
              searchable
              clearable
              maxDropdownHeight={320}
              style={{ flex: 1, minWidth: 320 }}
              data-testid="compare-runs"
            />
            <Select
              label="Metric"
              data={keys}
              value={key}
              onChange={(value) => {
                setChosenKey(value)
                setZoom(null)
              }}
              disabled={keys.length === 0}
              w={220}
              data-testid="compare-key"
            />
          </Group>
          <Group gap="lg" mt="md" wrap="wrap">
            <SegmentedControl
              size="xs"
              value={mode}
              onChange={(value) => {
                setMode(MODE_CODEC.parse(value) ?? 'step')
                setZoom(null)
              }}
              data={modes.map((m) => ({ value: m, label: X_MODE_LABELS[m] }))}
              aria-label="X axis"
              data-testid="x-axis"
            />
            <Group gap="xs" wrap="nowrap">
              <Switch size="xs" label="Smooth" checked={smoothOn} onChange={(e) => setSmoothParam(e.currentTarget.checked ? alpha : -1)} />
              <Slider
                w={140}
                size="xs"
                min={0}
                max={0.99}
                step={0.01}
                value={alpha}
                onChange={(v) => {
                  setLastAlpha(v)
                  if (smoothOn) setSmoothParam(v)
                }}
                disabled={!smoothOn}
                thumbLabel="Smoothing weight"
              />
              <Text size="xs" c="dimmed" ff="monospace">
                {alpha.toFixed(2)}
              </Text>
            </Group>
            <Switch size="xs" label="Log y" checked={logY} onChange={(e) => setLogY(e.currentTarget.checked)} />
            <Switch size="xs" label="Clip outliers" checked={clip} onChange={(e) => setClip(e.currentTarget.checked)} />
            <Group ml="auto">
              <ChartHint zoomed={zoom !== null} />
            </Group>
          </Group>
        </Paper>

        {!enough ? (
          <Paper withBorder radius="md" p="xl">
            <EmptyState
              icon={<IconArrowsDiff size={26} />}
              withIndicatorBackground
              title="Pick two or more runs to compare"
              description="Their curves are drawn on one axis, with min–max bands, and their configs are diffed key by key. Fine-tunes of different checkpoints line up on the model's step or token axis."
              maw={620}
              mx="auto"
            />
          </Paper>
        ) : (
          <QueryState query={lineages} what="load the chosen runs" rows={6}>
            {() => (
              <>
                {key === null ? (
                  <Paper withBorder radius="md" p="xl">
                    <Text c="dimmed" ta="center">
                      None of these runs has logged a metric yet.
                    </Text>
                  </Paper>
                ) : (
                  <>
                  <MetricChart
                    id="compare"
                    title={key}
                    specs={specs}
                    mode={mode}
                    zoom={zoom}
                    onZoom={setZoom}
                    smoothing={smoothOn ? alpha : null}
                    showRaw
                    clipOutliers={clip}
                    logY={logY}
                    height={380}
                  />
                  {missing.length > 0 && (
                    <Text size="xs" c="orange" data-testid="compare-missing">
                      Not drawn: {missing.map((r) => `${r.run.name} #${r.run.id}`).join(', ')} {missing.length === 1 ? 'has' : 'have'} no {key} points.
                    </Text>
                  )}
                  {finetunes && (
                    <Group gap="xs" data-testid="compare-finetune-keys">
                      <Text size="xs" c="dimmed">
                        Fine-tunes:
                      </Text>
                      {FINETUNE_KEYS.filter((k) => keys.includes(k)).map((k) => (
                        <Button key={k} size="compact-xs" variant={k === key ? 'filled' : 'light'} onClick={() => setChosenKey(k)}>
                          {FINETUNE_KEY_LABELS[k]}
                        </Button>
                      ))}
                    </Group>
                  )}
                  </>
                )}
                <SectionCard title="Config differences">
                  <CompareConfigDiff runs={chosen.map((r) => r.run)} colors={colors} />
                </SectionCard>
              </>
            )}
          </QueryState>
        )}
        <CompareForgetting />
      </Stack>
    </>
  )
}
