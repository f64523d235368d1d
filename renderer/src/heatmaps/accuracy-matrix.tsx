/**
 * Sequential fine-tuning (runs tagged 'sequence', one per stage): the accuracy matrix
 * R[i][j] (score on task j after stage i, each stage's last checkpoint) with ACC, BWT, FWT
 * and per-task forgetting from `continualSummary`.
 */
import { EmptyState, Group, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core'
import { IconStack2 } from '@tabler/icons-react'
import { continualSummary } from '../../../shared/forgetting'
import { ExportMenu } from './export-menu'
import { runInfo, scoreIndex, type Filters, type Inputs } from './heatmap-model'
import { downloadTable, type Cell } from './table-export'

interface Sequence {
  name: string
  tasks: string[]
  stages: { runId: number; runName: string; task: string; checkpointId: number | null }[]
  initialCheckpointId: number | null
}

function sequences(inputs: Inputs): Sequence[] {
  const groups = new Map<string, { stage: number; runId: number; runName: string; task: string; fromStep: number | null }[]>()
  for (const run of inputs.runs) {
    if (!run.tags.includes('sequence')) continue
    const stageTag = run.tags.find((t) => /^stage-\d+$/.test(t))
    const name = run.tags.find((t) => t !== 'sequence' && t !== stageTag && t !== runInfo(run).trainedTask) ?? 'sequence'
    const info = runInfo(run)
    const list = groups.get(name) ?? []
    list.push({ stage: stageTag ? Number(stageTag.slice(6)) : list.length + 1, runId: run.id, runName: run.name, task: info.trainedTask ?? run.tags[run.tags.length - 1]!, fromStep: info.fromStep })
    groups.set(name, list)
  }
  const pretrainIds = new Set(inputs.runs.filter((r) => r.kind === 'pretrain').map((r) => r.id))
  return [...groups].map(([name, list]) => {
    list.sort((a, b) => a.stage - b.stage)
    const last = (runId: number) => inputs.checkpoints.filter((c) => c.runId === runId).sort((a, b) => b.step - a.step)[0]?.id ?? null
    const from = list[0]?.fromStep
    const initial = inputs.checkpoints.find((c) => pretrainIds.has(c.runId) && c.step === from)?.id ?? null
    return { name, tasks: list.map((s) => s.task), stages: list.map((s) => ({ ...s, checkpointId: last(s.runId) })), initialCheckpointId: initial }
  })
}

export function AccuracyMatrix({ inputs, filters }: { inputs: Inputs; filters: Filters }) {
  const all = sequences(inputs)
  if (all.length === 0)
    return (
      <EmptyState
        my="xl"
        icon={<IconStack2 size={26} />}
        withIndicatorBackground
        title="No sequential fine-tuning in this experiment"
        description="Add a task sequence (A → B → C) to the experiment's schedule; each stage's run is tagged 'sequence' and evaluated on every task of the sequence. The accuracy matrix, ACC, BWT and FWT appear here."
        maw={620}
        mx="auto"
      />
    )
  const scores = scoreIndex(inputs.evaluations, filters)
  return (
    <Stack gap="lg" data-testid="accuracy-matrix">
      {all.map((seq) => {
        const R = seq.stages.map((s) => seq.tasks.map((t) => (s.checkpointId === null ? null : (scores.get(`${s.checkpointId}:${t}`)?.value ?? null))))
        const initial = seq.tasks.map((t) => (seq.initialCheckpointId === null ? null : (scores.get(`${seq.initialCheckpointId}:${t}`)?.value ?? null)))
        const complete = R.length >= 2 && R.every((row) => row.every((v) => v !== null))
        const summary = complete ? continualSummary(R as number[][], initial.every((v) => v !== null) ? (initial as number[]) : undefined) : null
        const columns = ['stage', 'run', 'trained', ...seq.tasks]
        const table: Cell[][] = seq.stages.map((s, i) => [i + 1, s.runName, s.task, ...R[i]!])
        // ACC is a score; the others are differences and carry their sign.
        const fig = (label: string, value: number | null | undefined, help: string, signed = true) => (
          <Paper withBorder p="sm" radius="md" data-testid={`cl-${label.toLowerCase()}`}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fw={700} ff="monospace" size="lg">
              {value === null || value === undefined ? '—' : `${signed && value > 0 ? '+' : ''}${value.toFixed(3)}`}
            </Text>
            <Text size="xs" c="dimmed">
              {help}
            </Text>
          </Paper>
        )
        return (
          <div key={seq.name}>
            <Group justify="space-between" mb="xs">
              <Text fw={600}>
                {seq.name}: {seq.tasks.join(' → ')}
              </Text>
              <ExportMenu what="the accuracy matrix" formats={['csv', 'json']} onExport={(f) => downloadTable(`accuracy matrix ${seq.name}`, f as 'csv' | 'json', columns, table, { summary })} />
            </Group>
            <Table aria-label={`Accuracy matrix ${seq.name}`} withTableBorder withColumnBorders>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>After stage</Table.Th>
                  {seq.tasks.map((t) => (
                    <Table.Th key={t} ta="right">
                      {t}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Td c="dimmed">before (base)</Table.Td>
                  {initial.map((v, j) => (
                    <Table.Td key={j} ta="right" ff="monospace" c="dimmed">
                      {v === null ? '—' : v.toFixed(3)}
                    </Table.Td>
                  ))}
                </Table.Tr>
                {R.map((row, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>
                      {i + 1}. {seq.stages[i]!.task}
                    </Table.Td>
                    {row.map((v, j) => (
                      <Table.Td key={j} ta="right" ff="monospace" fw={i === j ? 700 : undefined} c={v === null ? 'dimmed' : undefined}>
                        {v === null ? 'not evaluated' : v.toFixed(3)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <SimpleGrid cols={{ base: 2, md: 4 }} mt="sm">
              {fig('ACC', summary?.acc, 'mean final score', false)}
              {fig('BWT', summary?.bwt, 'backward transfer; < 0 = forgetting')}
              {fig('FWT', summary?.fwt, 'forward transfer vs. base')}
              {fig('Forgetting', summary?.meanForgetting, 'mean max drop per task')}
            </SimpleGrid>
            {!complete && (
              <Text size="xs" c="dimmed" mt="xs">
                The summaries need every stage evaluated on every task of the sequence.
              </Text>
            )}
          </div>
        )
      })}
    </Stack>
  )
}
