/**
 * The runs table as a tree: each pre-training run with its fine-tunes and evaluations
 * beneath, live progress from `run.progress`, loss for the rows on screen, tags and notes
 * editable, and pause / resume / cancel. Arrow keys move between rows, Left / Right fold and
 * unfold a run's children, Enter opens a run.
 */
import { ActionIcon, Anchor, Group, Progress, Table, Text, Tooltip } from '@mantine/core'
import { IconChevronDown, IconChevronRight, IconNotes, IconPencil } from '@tabler/icons-react'
import { useRef, useState, type KeyboardEvent } from 'react'
import type { RunSummary } from '../../../shared/schemas/run'
import { RelativeTime } from '../components/relative-time'
import { StatusBadge } from '../components/status-badge'
import { TagList } from '../components/tag-list'
import { formatCount, formatInteger } from '../format/numbers'
import { formatDuration } from '../format/time'
import { hrefFor } from '../routing/routes'
import { navigate } from '../routing/use-route'
import { MiddleTruncate } from '../components/middle-truncate'
import { ROW_SPACING, type RowDensity } from '../components/row-density'
import { LossCell } from './loss-cell'
import { RunActions } from './run-actions'
import { RunEditModal } from './run-edit-modal'
import { buildRunTree, flattenTree } from './run-tree'
import { useCheckpointOwners } from './use-checkpoint-owners'
import { useRunLosses } from './use-run-losses'
import { useRunProgress, type RunProgress } from './use-run-progress'

const dash = (
  <Text span c="dimmed">
    —
  </Text>
)

function ProgressCell({ run, progress, inline }: { run: RunSummary; progress: RunProgress | undefined; inline: boolean }) {
  const planned = run.plan?.steps
  const total = progress?.totalSteps ?? planned
  const step = progress ? progress.step : run.status === 'completed' ? total : run.lastStep !== null ? run.lastStep + 1 : 0
  // Without a plan there is no total: the last step logged stands alone (the table has no Step column of its own).
  if (!total || step === undefined)
    return run.lastStep === null ? (
      dash
    ) : (
      <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
        step{' '}
        <Text span inherit c="var(--mantine-color-text)" data-col="last-step">
          {formatInteger(run.lastStep)}
        </Text>
      </Text>
    )
  const value = Math.min(100, (100 * step) / total)
  const live = run.status === 'running' && progress !== undefined
  const bar = <Progress value={value} size="sm" color={run.status === 'completed' ? 'teal' : run.status === 'running' ? 'blue' : 'gray'} animated={live} aria-label={`${run.name} progress`} style={inline ? { flex: 1 } : undefined} />
  if (inline)
    return (
      <Group gap={6} wrap="nowrap" data-progress-step={step} data-progress-total={total} title={`${formatInteger(step)} / ${formatInteger(total)} steps`}>
        {bar}
        <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums', flex: 'none' }} data-testid="progress-steps">
          {Math.round(value)}%
        </Text>
      </Group>
    )
  return (
    <div data-progress-step={step} data-progress-total={total} title={run.lastStep === null ? undefined : `last step logged: ${formatInteger(run.lastStep)}`}>
      {bar}
      <Group gap={6} justify="space-between" wrap="nowrap" mt={2}>
        <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="progress-steps">
          {formatInteger(step)} / {formatInteger(total)}
        </Text>
        {live && progress.etaSeconds !== null && (
          <Text size="xs" c="dimmed" title={`${formatCount(progress.tokensPerSecond)} tokens/s`}>
            {formatDuration(progress.etaSeconds * 1000)} left
          </Text>
        )}
      </Group>
    </div>
  )
}

export function RunTreeTable({ runs, tree = true, testId = 'runs-table', density = 'comfortable' }: { runs: readonly RunSummary[]; tree?: boolean; testId?: string; density?: RowDensity }) {
  const owners = useCheckpointOwners(runs)
  const losses = useRunLosses(runs.map((r) => r.id))
  const progress = useRunProgress()
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set())
  const [editing, setEditing] = useState<number | null>(null)
  const body = useRef<HTMLTableSectionElement>(null)
  const roots = tree ? buildRunTree(runs, owners) : runs.map((run) => ({ run, depth: 0, children: [] }))
  const rows = flattenTree(roots, collapsed)
  const toggle = (id: number, open?: boolean) =>
    setCollapsed((previous) => {
      const next = new Set(previous)
      if (open ?? next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    if (event.target !== event.currentTarget) return
    const focusRow = (i: number) => body.current?.querySelectorAll<HTMLTableRowElement>('tr[data-run-id]')[i]?.focus()
    const node = rows[index]!
    if (event.key === 'ArrowDown') focusRow(Math.min(rows.length - 1, index + 1))
    else if (event.key === 'ArrowUp') focusRow(Math.max(0, index - 1))
    else if (event.key === 'Home') focusRow(0)
    else if (event.key === 'End') focusRow(rows.length - 1)
    else if (event.key === 'ArrowRight' && node.children.length > 0) toggle(node.run.id, true)
    else if (event.key === 'ArrowLeft' && node.children.length > 0 && !collapsed.has(node.run.id)) toggle(node.run.id, false)
    else if (event.key === 'Enter') navigate(hrefFor({ page: 'run', runId: node.run.id }))
    else return
    event.preventDefault()
  }

  const editingRun = runs.find((r) => r.id === editing) ?? null
  return (
    <>
      {/* Fits the content width at a 1024 px window (about 770 px); scrolls sideways below it. Its own
          vertical scroll keeps the header in view (a sticky header needs the scrolling box). */}
      <Table.ScrollContainer type="native" minWidth={760} maxHeight="calc(100dvh - 190px)">
        <Table aria-label="Runs" data-testid={testId} role="treegrid" highlightOnHover verticalSpacing={ROW_SPACING[density]} stickyHeader horizontalSpacing={8} layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th miw={170}>Name</Table.Th>
              <Table.Th w={100}>Status</Table.Th>
              <Table.Th w={104}>Progress</Table.Th>
              <Table.Th w={54} ta="right">
                Tokens
              </Table.Th>
              <Table.Th w={50} ta="right" title="Checkpoints">
                Ckpts
              </Table.Th>
              <Table.Th w={density === 'compact' ? 110 : 80} ta="right" title="Training loss: final, and best so far">
                Loss
              </Table.Th>
              {/* One whole tag and a count (all of them on hover): two cut to "s.. q.." said nothing. */}
              <Table.Th w={density === 'compact' ? 84 : 100}>Tags</Table.Th>
              <Table.Th w={92} visibleFrom="lg">
                Created
              </Table.Th>
              <Table.Th w={92}>
                <span className="sr-only" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
                  Actions
                </span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody ref={body}>
            {rows.map((node, index) => {
              const { run } = node
              const href = hrefFor({ page: 'run', runId: run.id })
              const { plan } = run
              const hasChildren = node.children.length > 0
              const open = hasChildren && !collapsed.has(run.id)
              return (
                <Table.Tr
                  key={run.id}
                  data-run-id={run.id}
                  data-depth={node.depth}
                  aria-level={node.depth + 1}
                  aria-expanded={hasChildren ? open : undefined}
                  tabIndex={0}
                  style={{ cursor: 'pointer' }}
                  onKeyDown={(event) => onKeyDown(event, index)}
                  onClick={(event) => {
                    if (!(event.target instanceof Element && event.target.closest('a, button, [role="dialog"]'))) navigate(href)
                  }}
                >
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" pl={node.depth * 14}>
                      {hasChildren ? (
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          size="sm"
                          tabIndex={-1}
                          aria-label={open ? `Fold ${run.name}` : `Unfold ${run.name}`}
                          onClick={() => toggle(run.id)}
                        >
                          {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                        </ActionIcon>
                      ) : (
                        <span style={{ width: 22, flex: 'none' }} />
                      )}
                      {/* Comfortable rows give a name two lines, so the whole of it shows at 1024 px; compact rows cut it in the middle. */}
                      {density === 'compact' ? (
                        <Anchor href={href} fw={500} size="sm" tabIndex={-1} style={{ minWidth: 0, display: 'inline-flex' }}>
                          <MiddleTruncate text={run.name} />
                        </Anchor>
                      ) : (
                        <Anchor href={href} fw={500} size="sm" tabIndex={-1} lineClamp={2} title={run.name} style={{ minWidth: 0, lineHeight: 1.3 }}>
                          {run.name}
                        </Anchor>
                      )}
                      {hasChildren && !open && (
                        <Text span size="xs" c="dimmed" style={{ flex: 'none' }}>
                          (+{node.children.length})
                        </Text>
                      )}
                    </Group>
                    {/* What the run is: id, kind, task and replay, backend; the creation time where its column is hidden (below 1200 px). One line only when compact. */}
                    {density === 'comfortable' && (
                      <Text size="xs" c="dimmed" pl={node.depth * 14 + 26} truncate="end" data-testid="run-kind">
                        {[`#${run.id}`, run.kind, plan?.task, plan?.replay ? `replay ${+(plan.replay * 100).toFixed(2)}%` : null, run.backend].filter(Boolean).join(' · ')}
                        <Text span size="xs" c="dimmed" hiddenFrom="lg">
                          {' · '}
                          <RelativeTime timestamp={run.createdAt} size="xs" />
                        </Text>
                      </Text>
                    )}
                    {run.notes && density === 'comfortable' && (
                      <Text size="xs" c="dimmed" lineClamp={1} pl={node.depth * 14 + 26} title={run.notes}>
                        {run.notes}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={run.status} />
                  </Table.Td>
                  <Table.Td data-col="progress">
                    <ProgressCell run={run} progress={progress.get(run.id)} inline={density === 'compact'} />
                  </Table.Td>
                  <Table.Td ta="right" title={`${formatInteger(run.tokensSeen)} tokens`} data-col="tokens">
                    {run.tokensSeen > 0 ? formatCount(run.tokensSeen) : dash}
                  </Table.Td>
                  <Table.Td ta="right" data-col="checkpoints">
                    {run.checkpointCount > 0 ? formatInteger(run.checkpointCount) : dash}
                  </Table.Td>
                  <LossCell loss={losses.get(run.id)} inline={density === 'compact'} />
                  <Table.Td data-col="tags">
                    <TagList tags={run.tags} max={1} />
                  </Table.Td>
                  <Table.Td visibleFrom="lg">
                    <RelativeTime timestamp={run.createdAt} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={2} wrap="nowrap" justify="flex-end">
                      <Tooltip label="Edit tags and notes">
                        <ActionIcon variant="subtle" color="gray" aria-label={`Edit tags and notes of ${run.name}`} onClick={() => setEditing(run.id)}>
                          {run.notes ? <IconNotes size={16} /> : <IconPencil size={16} />}
                        </ActionIcon>
                      </Tooltip>
                      <RunActions run={run} />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <RunEditModal run={editingRun} onClose={() => setEditing(null)} />
    </>
  )
}
