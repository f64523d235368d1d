/** The filters every heatmap shares: split, prompt format, shots and replay ratio. */
import { Group, SegmentedControl, Select } from '@mantine/core'
import type { EvaluationRow } from '../../../shared/schemas/experiment-calls'
import type { RunSummary } from '../../../shared/schemas/run'
import { patchHashQuery, useHashQuery } from '../routing/query-state'
import { filterOptions, pct, type Filters } from './heatmap-model'

const SPLIT_LABELS: Record<string, string> = { test: 'In-domain', ood: 'OOD' }

/** A split as the UI names it, in titles and file names too ("in-domain", not the store's "test"). */
export function splitLabel(split: string): string {
  return (SPLIT_LABELS[split] ?? split).toLowerCase()
}

/**
 * The filters, kept in the address under `prefix` (`split`, `format`, `shots`, `replay`), so
 * a reload or a sent link shows the same cells. A value the data does not offer (yet) falls
 * back to the preferred one without being written over.
 */
export function useFilters(evaluations: readonly EvaluationRow[], runs: readonly RunSummary[], prefix = '') {
  const options = filterOptions(evaluations, runs)
  const query = useHashQuery()
  const chosen = {
    split: query.get(`${prefix}split`) ?? undefined,
    format: query.get(`${prefix}format`) ?? undefined,
    shots: query.get(`${prefix}shots`) === null ? undefined : Number(query.get(`${prefix}shots`)),
    replay: query.get(`${prefix}replay`) ?? undefined,
  }
  const pick = <T,>(value: T | undefined, list: T[], preferred: T): T => (value !== undefined && list.includes(value) ? value : list.includes(preferred) ? preferred : (list[0] ?? preferred))
  const filters: Filters = {
    split: pick(chosen.split, options.splits, 'test'),
    format: pick(chosen.format, options.formats, 'default'),
    shots: pick(chosen.shots, options.shots, 4),
    replay: chosen.replay !== undefined && (chosen.replay === 'all' || options.replays.map(String).includes(chosen.replay)) ? chosen.replay : 'all',
  }
  const set = (patch: Partial<Filters>) => patchHashQuery(Object.fromEntries(Object.entries(patch).map(([k, v]) => [`${prefix}${k}`, v === undefined ? null : String(v)])))
  return { filters, options, set }
}

export function HeatmapFilters({ filters, options, set, show = { format: true, replay: true } }: ReturnType<typeof useFilters> & { show?: { format?: boolean; replay?: boolean } }) {
  return (
    <Group gap="md" wrap="wrap" align="flex-end">
      <SegmentedControl
        size="xs"
        aria-label="Split"
        data-testid="filter-split"
        value={filters.split}
        onChange={(split) => set({ split })}
        data={(options.splits.length ? options.splits : ['test']).map((s) => ({ value: s, label: SPLIT_LABELS[s] ?? s }))}
      />
      {show.format !== false && (
        <Select size="xs" w={140} label="Prompt format" data-testid="filter-format" value={filters.format} onChange={(format) => format && set({ format })} data={options.formats.length ? options.formats : ['default']} allowDeselect={false} />
      )}
      <Select
        size="xs"
        w={100}
        label="Shots"
        data-testid="filter-shots"
        value={String(filters.shots)}
        onChange={(s) => s && set({ shots: Number(s) })}
        data={(options.shots.length ? options.shots : [4]).map(String)}
        allowDeselect={false}
      />
      {show.replay !== false && (
        <Select
          size="xs"
          w={130}
          label="Replay ratio"
          data-testid="filter-replay"
          value={filters.replay}
          onChange={(replay) => replay && set({ replay })}
          data={[{ value: 'all', label: 'All' }, ...options.replays.map((r) => ({ value: String(r), label: pct(r) }))]}
          allowDeselect={false}
        />
      )}
    </Group>
  )
}
