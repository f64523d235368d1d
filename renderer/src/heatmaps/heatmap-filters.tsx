/** The filters every heatmap shares: split, prompt format, shots and replay ratio. */
import { Group, SegmentedControl, Select } from '@mantine/core'
import { useState } from 'react'
import type { EvaluationRow } from '../../../shared/schemas/experiment-calls'
import type { RunSummary } from '../../../shared/schemas/run'
import { filterOptions, pct, type Filters } from './heatmap-model'

const SPLIT_LABELS: Record<string, string> = { test: 'In-domain', ood: 'OOD' }

export function useFilters(evaluations: readonly EvaluationRow[], runs: readonly RunSummary[]) {
  const options = filterOptions(evaluations, runs)
  const [chosen, setChosen] = useState<Partial<Filters>>({})
  const pick = <T,>(value: T | undefined, list: T[], preferred: T): T => (value !== undefined && list.includes(value) ? value : list.includes(preferred) ? preferred : (list[0] ?? preferred))
  const filters: Filters = {
    split: pick(chosen.split, options.splits, 'test'),
    format: pick(chosen.format, options.formats, 'default'),
    shots: pick(chosen.shots, options.shots, 4),
    replay: chosen.replay !== undefined && (chosen.replay === 'all' || options.replays.map(String).includes(chosen.replay)) ? chosen.replay : 'all',
  }
  return { filters, options, set: (patch: Partial<Filters>) => setChosen((c) => ({ ...c, ...patch })) }
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
