/**
 * The curves of a run: train and validation loss together, then one small chart per other
 * metric (learning rate, replay ratio, gradient norm, tokens/s, and anything else logged).
 * One x axis, smoothing and zoom for all of them; a fine-tune can show its parent's curves
 * joined at the branch point.
 */
import { Button, Checkbox, Group, SegmentedControl, SimpleGrid, Slider, Stack, Switch, Text, Tooltip, useComputedColorScheme } from '@mantine/core'
import { useCallback, useMemo, useState } from 'react'
import type { Run } from '../../../shared/schemas/run'
import { ChartHint } from '../charts/chart-hint'
import { seriesColor } from '../charts/chart-theme'
import type { Lineage } from '../charts/lineage'
import { MetricChart } from '../charts/metric-chart'
import type { LineSpec } from '../charts/plot-data'
import type { XRange } from '../charts/use-chart-series'
import { X_MODE_LABELS, type XMode } from '../charts/x-axis'
import { boolCodec, enumCodec, numberCodec, useQueryState } from '../routing/query-state'

const LOSS_KEYS = ['train/loss', 'train/task_loss', 'train/replay_loss', 'val/loss']
/** Held-out loss on another corpus the run touches (`val/<corpus>/loss`): drawn with the losses. */
const CORPUS_LOSS = /^val\/[^/]+\/loss$/
const MODE_CODEC = enumCodec<XMode>(['step', 'tokens', 'wall', 'branch'])
/** The EMA weight, or −1 for no smoothing. */
const SMOOTH_CODEC = numberCodec(-1, 0.99)
const SMALL: { key: string; title: string }[] = [
  { key: 'train/lr', title: 'Learning rate' },
  { key: 'train/replay', title: 'Replay ratio' },
  { key: 'train/grad_norm', title: 'Gradient norm' },
  { key: 'train/tokens_per_second', title: 'Tokens / s' },
]

export function RunDetailCurves({ run, lineage }: { run: Run; lineage: Lineage }) {
  const scheme = useComputedColorScheme('light')
  const branched = lineage.runs.length > 1
  // The view lives in the address (`#/runs/4?x=tokens&smooth=0.6&join=1&log=1`): a reload keeps it.
  const [urlMode, setMode] = useQueryState('x', MODE_CODEC, 'step')
  const mode: XMode = urlMode === 'branch' && !branched ? 'step' : urlMode
  const [zoom, setZoom] = useState<XRange | null>(null)
  const [smoothParam, setSmoothParam] = useQueryState('smooth', SMOOTH_CODEC, -1)
  const [lastAlpha, setLastAlpha] = useState(0.6)
  const smoothOn = smoothParam >= 0
  const alpha = smoothOn ? smoothParam : lastAlpha
  const setSmoothOn = (on: boolean) => setSmoothParam(on ? alpha : -1)
  const setAlpha = (value: number) => {
    setLastAlpha(value)
    if (smoothOn) setSmoothParam(value)
  }
  const [showRaw, setShowRaw] = useQueryState('raw', boolCodec, true)
  const [joinParent, setJoinParent] = useQueryState('join', boolCodec, false)
  const [clip, setClip] = useQueryState('clip', boolCodec, true)
  const [logLoss, setLogLoss] = useQueryState('log', boolCodec, false)

  const self = lineage.runs[lineage.runs.length - 1]!
  const shown = useMemo(() => (joinParent ? lineage.runs : [self]), [joinParent, lineage.runs, self])

  const specsFor = useMemo(() => {
    return (keys: string[], colorBase: number): LineSpec[] => {
      const specs: LineSpec[] = []
      keys.forEach((key, k) => {
        const color = seriesColor(colorBase + k, scheme)
        for (const r of shown) {
          if (!r.keys.includes(key)) continue
          const ancestor = r !== self
          specs.push({
            id: `${r.run.id}:${key}`,
            runId: r.run.id,
            runName: r.run.name,
            key,
            label: ancestor ? `${key} · ${r.run.name}` : key,
            segment: r.segment,
            color,
            ancestor,
          })
        }
      })
      return specs
    }
  }, [scheme, shown, self])

  const lossKeys = useMemo(() => {
    const all = new Set(shown.flatMap((r) => r.keys))
    return [...LOSS_KEYS.filter((k) => all.has(k)), ...[...all].filter((k) => CORPUS_LOSS.test(k)).sort()]
  }, [shown])
  const lossKeyList = lossKeys.join('|')
  const lossSpecs = useMemo(() => specsFor(lossKeyList ? lossKeyList.split('|') : [], 0), [specsFor, lossKeyList])
  const smallCharts = useMemo(() => {
    const all = new Set(shown.flatMap((r) => r.keys))
    const known = SMALL.filter((s) => all.has(s.key))
    const others = [...all].filter((k) => !LOSS_KEYS.includes(k) && !CORPUS_LOSS.test(k) && !SMALL.some((s) => s.key === k)).sort()
    return [...known, ...others.map((key) => ({ key, title: key }))].map((c, i) => ({ ...c, specs: specsFor([c.key], 2 + i) }))
  }, [shown, specsFor])

  // Every chart of the page spans the same x range: the union of their data.
  const extentKey = `${mode}:${joinParent}`
  const [extents, setExtents] = useState<{ key: string; byId: Record<string, XRange | null> }>({ key: '', byId: {} })
  const onExtent = useCallback(
    (id: string, extent: XRange | null) =>
      setExtents((prev) => {
        const same = prev.key === extentKey && prev.byId[id]?.min === extent?.min && prev.byId[id]?.max === extent?.max
        if (same) return prev
        return { key: extentKey, byId: { ...(prev.key === extentKey ? prev.byId : {}), [id]: extent } }
      }),
    [extentKey],
  )
  const fullRange = useMemo(() => {
    if (extents.key !== extentKey) return null
    const all = Object.values(extents.byId).filter((e): e is XRange => e !== null)
    if (all.length === 0) return null
    return { min: Math.min(...all.map((e) => e.min)), max: Math.max(...all.map((e) => e.max)) }
  }, [extents, extentKey])

  const changeMode = (value: string) => {
    setMode(MODE_CODEC.parse(value) ?? 'step')
    setZoom(null)
  }
  const smoothing = smoothOn ? alpha : null
  const common = { mode, zoom, onZoom: setZoom, fullRange, onExtent, smoothing, showRaw, clipOutliers: clip, markers: lineage.markers, syncKey: `run-${run.id}` }
  const modes: XMode[] = branched ? ['step', 'tokens', 'wall', 'branch'] : ['step', 'tokens', 'wall']

  return (
    <Stack gap="sm">
      <Group gap="lg" wrap="wrap" data-testid="curve-controls">
        <Group gap={6}>
          <Text size="xs" c="dimmed">
            x
          </Text>
          <SegmentedControl size="xs" value={mode} onChange={changeMode} data={modes.map((m) => ({ value: m, label: X_MODE_LABELS[m] }))} aria-label="X axis" data-testid="x-axis" />
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Switch size="xs" label="Smooth" checked={smoothOn} onChange={(e) => setSmoothOn(e.currentTarget.checked)} data-testid="smooth-toggle" />
          <Slider
            w={140}
            size="xs"
            min={0}
            max={0.99}
            step={0.01}
            value={alpha}
            onChange={setAlpha}
            disabled={!smoothOn}
            label={(v) => `α = ${v.toFixed(2)}`}
            thumbLabel="Smoothing weight"
            data-testid="smooth-weight"
          />
          <Text size="xs" c="dimmed" ff="monospace" w={32}>
            {alpha.toFixed(2)}
          </Text>
          <Checkbox size="xs" label="Show raw" checked={showRaw} disabled={!smoothOn} onChange={(e) => setShowRaw(e.currentTarget.checked)} />
        </Group>
        {branched && (
          <Tooltip label="Draw the parent's curves up to the branch step, then this run's" withArrow>
            <Switch size="xs" label="Join parent curves" checked={joinParent} onChange={(e) => setJoinParent(e.currentTarget.checked)} data-testid="join-parent" />
          </Tooltip>
        )}
        <Switch size="xs" label="Log loss" checked={logLoss} onChange={(e) => setLogLoss(e.currentTarget.checked)} data-testid="log-loss" />
        <Tooltip label="Fit the y axis to the lines; min–max bands may run off the plot" withArrow>
          <Switch size="xs" label="Clip outliers" checked={clip} onChange={(e) => setClip(e.currentTarget.checked)} />
        </Tooltip>
        <Group gap={6} ml="auto">
          <ChartHint zoomed={zoom !== null} />
          {zoom && (
            <Button size="compact-xs" variant="light" onClick={() => setZoom(null)} data-testid="reset-zoom">
              Reset zoom
            </Button>
          )}
        </Group>
      </Group>

      {lossKeys.length > 0 && <MetricChart id="loss" title="Loss" specs={lossSpecs} height={300} logY={logLoss} {...common} />}
      {smallCharts.length > 0 && (
        <SimpleGrid cols={{ base: 1, sm: 2, xl: Math.max(2, Math.min(4, smallCharts.length)) }} spacing="sm">
          {smallCharts.map((c) => (
            <MetricChart key={c.key} id={c.key} title={c.title} specs={c.specs} height={170} {...common} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  )
}
