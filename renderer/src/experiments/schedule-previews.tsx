/** LR preview per phase (`lrCurve`) and replay preview per branch (`replayRows`). */
import { Select, SimpleGrid, Stack, Text } from '@mantine/core'
import { useMemo, useState } from 'react'
import { lrCurve, replayRows } from '../../../shared'
import { PreviewChart } from './preview-chart'
import type { Phase, ScheduleModel } from './schedule-model'

export const LR_POINTS = 120

function LrPreview({ phase }: { phase: Phase }) {
  const { x, lines } = useMemo(() => {
    const curve = lrCurve(phase.lr, phase.steps, LR_POINTS)
    return { x: curve.map((p) => p.step), lines: [{ label: phase.lr.kind, y: curve.map((p) => p.lr) }] }
  }, [phase])
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

/** Steps shown in the replay preview: enough to see the pattern of small ratios. */
export const REPLAY_PREVIEW_STEPS = 40

export function ReplayPreview({ model }: { model: ScheduleModel }) {
  const [picked, setPicked] = useState<string | null>(null)
  const branch = model.branches.find((b) => String(b.index) === picked) ?? model.branches[0]
  const data = useMemo(() => {
    if (!branch) return null
    const steps = Math.max(2, Math.min(REPLAY_PREVIEW_STEPS, branch.steps ?? REPLAY_PREVIEW_STEPS))
    const x = Array.from({ length: steps }, (_, i) => i)
    return { x, lines: branch.replay.map((p) => ({ label: `${+(p * 100).toFixed(2)}%`, y: x.map((step) => replayRows(p, branch.rows, step)) })) }
  }, [branch])
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
