/**
 * Prompt-format sensitivity: for one task, each checkpoint's score in every prompt format,
 * and the spread (max − min) and standard deviation across formats from `formatSensitivity`.
 * The paper's finding (iv): after fine-tuning, the spread shrinks with more pre-training.
 * Scores of prompts cut to the model's context are marked, and said under the table.
 */
import { Group, Select, Stack, Table, Text } from '@mantine/core'
import { useState } from 'react'
import { formatSensitivity } from '../../../shared/forgetting'
import { PROMPT_FORMATS } from '../../../shared/schemas/checkpoint'
import { truncationText } from '../../../shared/prompt-truncation'
import { ExportMenu } from './export-menu'
import { formatTruncationNotes } from './format-truncation'
import { filterOptions, heatmapRows, scoreIndex, type Filters, type Inputs } from './heatmap-model'
import { downloadTable, type Cell } from './table-export'

export function FormatView({ inputs, filters }: { inputs: Inputs; filters: Filters }) {
  const tasks = filterOptions(inputs.evaluations, inputs.runs).tasks
  const [chosen, setTask] = useState<string | null>(null)
  const rows = heatmapRows(inputs, 'score', filters.replay)
  const byFormat = PROMPT_FORMATS.map((format) => scoreIndex(inputs.evaluations, { ...filters, format }))
  // Open on a task with something to compare: the first with a non-zero score in some format (an all-zero task has no spread to read).
  const informative = tasks.find((t) => rows.some((row) => byFormat.some((idx) => (idx.get(`${row.checkpointId}:${t}`)?.value ?? 0) !== 0)))
  const task = chosen && tasks.includes(chosen) ? chosen : (informative ?? tasks[0] ?? null)
  const table: Cell[][] = rows.map((row) => {
    const scores = byFormat.map((idx) => (task ? (idx.get(`${row.checkpointId}:${task}`)?.value ?? null) : null))
    const present = scores.filter((s): s is number => s !== null)
    const s = present.length >= 2 ? formatSensitivity(present) : null
    return [row.checkpointId, row.label, task, ...scores, s?.spread ?? null, s?.std ?? null]
  })
  const notes = formatTruncationNotes(PROMPT_FORMATS, byFormat, task, rows.map((r) => r.checkpointId))
  // Per table cell (formats only): the sentence its tooltip says when its prompts were cut.
  const cutText = (checkpointId: number, i: number): string | null => {
    const e = task ? byFormat[i]?.get(`${checkpointId}:${task}`) : undefined
    return e ? truncationText(e.truncated, e.n, e.context) : null
  }
  const columns = ['checkpoint_id', 'checkpoint', 'task', ...PROMPT_FORMATS, 'spread', 'std']
  const fmt = (v: Cell) => (typeof v === 'number' ? v.toFixed(3) : '—')
  return (
    <div data-testid="format-view">
      <Group justify="space-between" mb="sm">
        <Select size="xs" w={200} label="Task" data={tasks} value={task} onChange={setTask} allowDeselect={false} data-testid="format-task" />
        <ExportMenu what="the prompt-format table" formats={['csv', 'json']} onExport={(f) => downloadTable(`prompt formats ${task ?? ''}`, f as 'csv' | 'json', columns, table)} />
      </Group>
      <Table.ScrollContainer minWidth={720}>
        <Table aria-label="Score by prompt format" data-testid="format-table" striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Checkpoint</Table.Th>
              {PROMPT_FORMATS.map((f) => (
                <Table.Th key={f} ta="right">
                  {f}
                </Table.Th>
              ))}
              <Table.Th ta="right">Spread</Table.Th>
              <Table.Th ta="right">Std</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {table.map((r, k) => (
              <Table.Tr key={String(r[0])} data-checkpoint-id={r[0]}>
                <Table.Td>{r[1]}</Table.Td>
                {r.slice(3).map((v, i) => {
                  const cut = i < PROMPT_FORMATS.length ? cutText(rows[k]!.checkpointId, i) : null
                  return (
                    <Table.Td key={i} ta="right" ff="monospace" fw={i >= 3 ? 600 : undefined} c={v === null ? 'dimmed' : undefined} title={cut ?? undefined} data-truncated={cut ? 'true' : undefined}>
                      {fmt(v)}
                      {i < PROMPT_FORMATS.length && (
                        // Every format cell keeps the mark's width, so the numbers stay aligned.
                        <Text span c="orange.8" fw={700} aria-hidden={!cut} style={{ visibility: cut ? 'visible' : 'hidden' }}>
                          *
                        </Text>
                      )}
                    </Table.Td>
                  )
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {notes.length > 0 && (
        <Stack gap={2} mt="xs" data-testid="format-truncation">
          <Text size="xs" c="orange.8" fw={600}>
            * Scored on prompts cut to the context: the model saw only each prompt’s end, so these scores are not its answers to the whole prompts.
          </Text>
          {notes.map((note) => (
            <Text key={note} size="xs" c="orange.8">
              {note}
            </Text>
          ))}
        </Stack>
      )}
      <Text size="xs" c="dimmed" mt="xs">
        {filters.split === 'ood' ? 'Out-of-domain' : 'In-domain'} test, {filters.shots}-shot. Spread = max − min across the formats evaluated (needs at least two); a smaller spread means the model depends less on how it is prompted.
      </Text>
    </div>
  )
}
