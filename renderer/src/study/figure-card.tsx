/**
 * One finding on the Study page: its number, title and verdict, the sentence computed from
 * the numbers (or "Not shown: …"), its figure with PNG and SVG export, and its numbers.
 */
import { Badge, Box, Group, Paper, Stack, Table, Text, Title, useComputedColorScheme } from '@mantine/core'
import { useMemo, useRef, useState } from 'react'
import { type Finding, num } from '../../../shared/findings'
import type { ECharts } from '../heatmaps/echarts'
import { EChartView } from '../heatmaps/echart-view'
import { ExportMenu, type ExportFormat } from '../heatmaps/export-menu'
import { downloadPng, downloadSvg } from './figure-export'
import { figureOf } from './figures'

const VERDICT = {
  holds: { label: 'holds', color: 'green' },
  'does-not-hold': { label: 'does not hold', color: 'red' },
  'cannot-judge': { label: 'cannot be judged', color: 'gray' },
} as const

export function FigureCard({ finding, onDrawn }: { finding: Finding; onDrawn?(id: string): void }) {
  const scheme = useComputedColorScheme('light')
  const figure = useMemo(() => figureOf(finding, scheme), [finding, scheme])
  const chart = useRef<ECharts | null>(null)
  const [showNumbers, setShowNumbers] = useState(false)
  const v = VERDICT[finding.verdict]
  const exportAs = async (format: ExportFormat) => {
    const c = chart.current
    if (!c) throw new Error('the figure is not drawn yet')
    if (format === 'png') await downloadPng(finding, c, scheme)
    else downloadSvg(finding, scheme, c.getWidth())
  }
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={`Finding ${finding.number}: ${finding.title}`} data-testid={`finding-${finding.id}`} data-verdict={finding.verdict}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Title order={3} size="h5">
              {finding.number}. {finding.title}
            </Title>
            <Badge color={v.color} variant="light" data-testid="verdict">
              {v.label}
            </Badge>
          </Group>
          <Text size="sm" fw={500} data-testid="statement">
            {finding.statement}
          </Text>
          {finding.reason && !finding.statement.startsWith('Not shown') && (
            <Text size="xs" c="dimmed">
              Why: {finding.reason}.
            </Text>
          )}
        </Stack>
        {figure && (
          <Box style={{ flexShrink: 0 }}>
            <ExportMenu formats={['png', 'svg']} onExport={exportAs} what={`the figure of finding ${finding.number}`} testId={`export-${finding.id}`} />
          </Box>
        )}
      </Group>
      {figure && (
        <Box mt="sm">
          <EChartView
            option={figure.option}
            height={figure.height}
            label={`Figure for finding ${finding.number}: ${finding.statement}`}
            testId={`figure-${finding.id}`}
            onDraw={(c) => {
              chart.current = c
              onDrawn?.(finding.id)
            }}
          />
        </Box>
      )}
      {finding.notes?.map((note) => (
        <Text key={note} size="xs" c="orange.8" mt="xs" data-testid={`note-${finding.id}`}>
          Note: {note}.
        </Text>
      ))}
      {finding.numbers.length > 0 && (
        <Text size="xs" c="blue" mt="xs" style={{ cursor: 'pointer' }} onClick={() => setShowNumbers((s) => !s)} role="button" aria-expanded={showNumbers}>
          {showNumbers ? 'Hide the numbers' : `Show the numbers (${finding.numbers.length})`}
        </Text>
      )}
      {showNumbers && (
        <Table.ScrollContainer minWidth={480} mt="xs">
          <Table striped withTableBorder fz="xs" data-testid={`numbers-${finding.id}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>quantity</Table.Th>
                <Table.Th ta="right">value</Table.Th>
                <Table.Th ta="right">95% interval</Table.Th>
                <Table.Th ta="right">seeds</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {finding.numbers.map((n) => (
                <Table.Tr key={n.label}>
                  <Table.Td>{n.label}</Table.Td>
                  <Table.Td ta="right">{num(n.estimate.value)}</Table.Td>
                  <Table.Td ta="right">
                    [{num(n.estimate.low)}, {num(n.estimate.high)}]
                  </Table.Td>
                  <Table.Td ta="right">{n.estimate.seeds}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  )
}
