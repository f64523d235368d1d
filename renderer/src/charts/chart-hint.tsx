/**
 * The one-line hint beside a page's chart controls: what the mouse does to the curves now,
 * with every gesture in its tooltip.
 */
import { Text, Tooltip } from '@mantine/core'

const GESTURES = 'Wheel: zoom around the cursor · Drag: pan (on the whole range: select a range to zoom to) · Shift-drag: zoom to a range · Double-click: show everything'

export function ChartHint({ zoomed, charts = 'the chart' }: { zoomed: boolean; charts?: string }) {
  return (
    <Tooltip label={GESTURES} multiline w={300} withArrow>
      <Text size="xs" c="dimmed" data-testid="chart-hint">
        {zoomed ? `Drag to pan · Shift-drag or wheel to zoom · double-click ${charts} to reset` : `Drag across ${charts} or use the wheel to zoom`}
      </Text>
    </Tooltip>
  )
}
