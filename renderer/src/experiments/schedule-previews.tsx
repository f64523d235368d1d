/** LR preview per phase and replay preview per branch (schedule-preview-data.ts computes them). */
import { Select, SimpleGrid, Stack, Text } from '@mantine/core'
import { useMemo, useState } from 'react'
import { PreviewChart } from './preview-chart'
import { lrPreview, replayPreview } from './schedule-preview-data'
import type { Phase, ScheduleModel } from './schedule-model'

function LrPreview({ phase }: { phase: Phase }) {
  const { x, lines } = useMemo(() => lrPreview(phase), [phase])
  return <PreviewChart id={`lr-${phase.id}`} title={phase.name} yLabel={`learning rate · ${phase.lr.kind} · ${phase.steps} steps`} x={x} lines={lines} height={110} />
}

export function LrPreviews({ model }: { model: ScheduleModel }) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
      {model.phases.map((phase) => (
        <LrPreview key={phase.id} phase={phase} />
      ))}
    </SimpleGrid>
  )
}

export function ReplayPreview({ model }: { model: ScheduleModel }) {
  const [picked, setPicked] = useState<string | null>(null)
  const branch = model.branches.find((b) => String(b.index) === picked) ?? model.branches[0]
  const data = useMemo(() => (branch ? replayPreview(branch) : null), [branch])
  if (!branch || !data) return <Text size="sm" c="dimmed">Add a fine-tuning branch to see how many rows of each batch are replayed.</Text>
  return (
    <Stack gap={4}>
      {model.branches.length > 1 && (
        <Select
          size="xs"
          w={220}
          aria-label="Branch for the replay preview"
          data={model.branches.map((b) => ({ value: String(b.index), label: b.name }))}
          value={String(branch.index)}
          onChange={setPicked}
        />
      )}
      <PreviewChart
        id={`replay-${branch.index}`}
        title={`${branch.name}: pre-training rows per batch of ${branch.rows}`}
        yLabel="rows replayed"
        x={data.x}
        lines={data.lines}
        stepped
        height={120}
      />
    </Stack>
  )
}
