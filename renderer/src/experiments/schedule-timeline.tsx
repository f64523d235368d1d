/**
 * The study's shape at a glance: the pre-training bar with its checkpoints (`planCheckpoints`),
 * and for each fine-tuning branch the points it branches from and how many runs start there
 * (tasks × replay ratios × seeds). Plain SVG scaled to the pre-training length.
 */
import { Text, useComputedColorScheme } from '@mantine/core'
import { CHART_COLORS, seriesColor } from '../charts/chart-theme'
import { formatInteger } from '../format/numbers'
import type { ScheduleModel } from './schedule-model'

const W = 640
const LEFT = 110
const RIGHT = 16
const ROW = 34

export function ScheduleTimeline({ model }: { model: ScheduleModel }) {
  const scheme = useComputedColorScheme('light')
  const colors = CHART_COLORS[scheme]
  const { pretrainSteps, checkpoints, branches } = model
  // Log-spaced plans crowd the start on a linear axis; draw them on a log axis.
  const log = model.schedule.pretrain.checkpoints.kind === 'log' && pretrainSteps > 10
  const x = (step: number) =>
    LEFT + (W - LEFT - RIGHT) * (log ? Math.log(Math.max(1, step)) / Math.log(pretrainSteps) : step / Math.max(1, pretrainSteps))
  const height = 44 + ROW * branches.length + 18
  const bar = seriesColor(0, scheme)
  return (
    <svg viewBox={`0 0 ${W} ${height}`} width="100%" role="img" aria-label="Timeline of the schedule's phases" data-testid="schedule-timeline" style={{ display: 'block' }}>
      <text x={0} y={24} fontSize={12} fill={colors.text}>
        Pre-training
      </text>
      <rect x={LEFT} y={14} width={W - LEFT - RIGHT} height={12} rx={3} fill={bar} opacity={0.8} />
      {checkpoints.map((step) => (
        <g key={step} data-checkpoint-step={step}>
          <line x1={x(step)} x2={x(step)} y1={10} y2={30} stroke={colors.text} strokeWidth={1.5} />
          <title>checkpoint at step {formatInteger(step)}</title>
        </g>
      ))}
      <text x={LEFT} y={42} fontSize={10} fill={colors.dimText}>
        {log ? '1 (log scale)' : '0'}
      </text>
      <text x={W - RIGHT} y={42} fontSize={10} fill={colors.dimText} textAnchor="end">
        {formatInteger(pretrainSteps)} steps · {checkpoints.length} checkpoints
      </text>
      {branches.map((b, i) => {
        const y = 48 + ROW * i
        const color = seriesColor(i + 1, scheme)
        const runs = b.tasks.length * b.replay.length * model.seeds
        return (
          <g key={b.index} data-branch={b.name}>
            <text x={0} y={y + 14} fontSize={12} fill={colors.text}>
              {b.name.length > 14 ? `${b.name.slice(0, 13)}…` : b.name}
            </text>
            <text x={0} y={y + 27} fontSize={10} fill={colors.dimText}>
              {b.tasks.length} task{b.tasks.length === 1 ? '' : 's'} × {b.replay.length} replay
            </text>
            <line x1={LEFT} x2={W - RIGHT} y1={y + 10} y2={y + 10} stroke={colors.grid} />
            {b.fromSteps.map((step) => (
              <g key={step} data-branch-step={step}>
                <line x1={x(step)} x2={x(step)} y1={30} y2={y + 10} stroke={color} strokeDasharray="2 3" strokeWidth={1} />
                <circle cx={x(step)} cy={y + 10} r={Math.min(9, 3 + runs)} fill={color} />
                <text x={x(step)} y={y + 13.5} fontSize={9} textAnchor="middle" fill={scheme === 'dark' ? '#1a1b1e' : '#fff'} fontWeight={600}>
                  {runs}
                </text>
                <title>
                  {runs} fine-tuning runs from step {formatInteger(step)}: {b.tasks.join(', ')} × replay {b.replay.join(', ')}
                  {b.steps !== null ? `, ${formatInteger(b.steps)} steps each` : ''}
                </title>
              </g>
            ))}
          </g>
        )
      })}
      {branches.length === 0 && (
        <text x={LEFT} y={60} fontSize={11} fill={colors.dimText}>
          No fine-tuning branches.
        </text>
      )}
    </svg>
  )
}

export function TimelineLegend({ model }: { model: ScheduleModel }) {
  const total = model.branches.reduce((n, b) => n + b.fromSteps.length * b.tasks.length * b.replay.length, 0) * model.seeds
  return (
    <Text size="xs" c="dimmed">
      Ticks are checkpoints; each dot is a branch point labelled with the fine-tuning runs that start there ({formatInteger(total)} in all).
    </Text>
  )
}
