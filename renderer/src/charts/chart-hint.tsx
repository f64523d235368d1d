/**
 * The one-line hint beside a page's chart controls: what the mouse does to the curves now,
 * with every gesture in its tooltip. Short either way, so zooming never reflows the page
 * (and moves the chart under the cursor).
 */
import { Stack, Text, Tooltip } from '@mantine/core'

const GESTURES = [
  ['Wheel', 'zoom in or out around the cursor'],
  ['Drag', 'pan (with nothing zoomed: select a range)'],
  ['Shift-drag', 'zoom to the range selected'],
  ['Double-click', 'show everything'],
] as const

const label = (
  <Stack gap={2}>
    {GESTURES.map(([gesture, what]) => (
      <Text key={gesture} size="xs">
        <b>{gesture}</b>: {what}
      </Text>
    ))}
  </Stack>
)

export function ChartHint({ zoomed }: { zoomed: boolean }) {
  return (
    <Tooltip label={label} withArrow>
      <Text size="xs" c="dimmed" data-testid="chart-hint">
        {zoomed ? 'Drag pans · double-click resets' : 'Wheel or drag to zoom'}
      </Text>
    </Tooltip>
  )
}
