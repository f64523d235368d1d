/** The form view of the schedule editor: the fields researchers change most. */
import { Button, Divider, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { PROMPT_FORMATS } from '../../../shared/schemas/checkpoint'
import { DEFAULT_OPTIMIZER, DEFAULT_VALIDATION } from '../../../shared/schemas/optimizer'
import { fieldError } from './issue-paths'
import { LrSchedule } from '../../../shared/schedules'
import { lrFitWarnings } from './lr-fit'
import { phaseSteps } from './schedule-derived'
import { NumberListField, NumField, SelectField, StringListField, TextAreaField, TextField, useForm } from './schedule-fields'
import { getAt, pathText, type Json, type PathKey } from './schedule-value'

const LR_KINDS = ['constant', 'cosine', 'linear', 'rewarm']

/** A newly picked LR schedule fits its phase: decay to its last step, warm up over a tenth of it. */
function lrDefault(kind: string, steps: number | null): Json {
  const total = steps ?? 100
  const warmup = Math.round(total / 10)
  if (kind === 'cosine') return { kind, peak: 1e-3, warmup, total, floor: 1e-4 }
  if (kind === 'linear') return { kind, peak: 1e-3, warmup, total, floor: 0 }
  if (kind === 'rewarm') return { kind, from: 1e-4, peak: 1e-3, warmup, total, floor: 1e-4 }
  return { kind: 'constant', lr: 1e-3 }
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={6}>
      <Title order={4} size="h6" tt="uppercase" c="dimmed" style={{ letterSpacing: 0.4 }}>
        {title}
      </Title>
      {children}
    </Stack>
  )
}

function Row({ children }: { children: ReactNode }) {
  return (
    <Group gap="sm" align="flex-start" wrap="wrap">
      {children}
    </Group>
  )
}

function LrFields({ path }: { path: PathKey[] }) {
  const form = useForm()
  const kind = getAt(form.value, [...path, 'kind'])
  const steps = phaseSteps(form.value, path.slice(0, -1))
  const parsed = LrSchedule.safeParse(getAt(form.value, path))
  const warnings = parsed.success && steps !== null ? lrFitWarnings(parsed.data, steps) : []
  return (
    <Stack gap={4}>
      <Row>
        <SelectField path={[...path, 'kind']} label="LR schedule" w={110} data={LR_KINDS} onPick={(k) => form.set(path, lrDefault(k, steps), [path])} />
        {kind === 'constant' && <NumField path={[...path, 'lr']} label="Rate" w={100} step={1e-4} />}
        {kind === 'rewarm' && <NumField path={[...path, 'from']} label="From" w={90} />}
        {kind !== 'constant' && (
          <>
            <NumField path={[...path, 'peak']} label="Peak" w={90} />
            <NumField path={[...path, 'warmup']} label="Warm-up" w={80} min={0} />
            <NumField path={[...path, 'total']} label="Decay to step" w={100} min={1} />
            <NumField path={[...path, 'floor']} label="Floor" w={90} />
          </>
        )}
      </Row>
      {warnings.map((w) => (
        <Text key={w} size="xs" c="orange.8" data-testid="lr-fit-warning" data-path={pathText(path)}>
          ⚠ {w}
        </Text>
      ))}
    </Stack>
  )
}

function LengthField({ path, epochs = false }: { path: PathKey[]; epochs?: boolean }) {
  const form = useForm()
  const length = getAt(form.value, path)
  const unit = length && typeof length === 'object' && !Array.isArray(length) ? (Object.keys(length)[0] ?? 'steps') : 'steps'
  return (
    <Group gap={6} align="flex-end" wrap="nowrap">
      <NumField path={[...path, unit]} label={`Length (${unit})`} w={110} min={1} />
      <SegmentedControl
        size="xs"
        aria-label="Length unit"
        data={epochs ? ['steps', 'tokens', 'epochs'] : ['steps', 'tokens']}
        value={unit}
        onChange={(u) => form.set(path, { [u]: typeof getAt(length, [unit]) === 'number' ? (getAt(length, [unit]) as number) : 1 })}
      />
    </Group>
  )
}

function CheckpointFields({ path }: { path: PathKey[] }) {
  const form = useForm()
  const kind = getAt(form.value, [...path, 'kind'])
  // A newly picked plan fits the phase: four checkpoints, or the middle and the end.
  const steps = phaseSteps(form.value, path.slice(0, -1)) ?? 100
  const defaults: Record<string, Json> = {
    every: { kind: 'every', steps: Math.max(1, Math.round(steps / 4)) },
    log: { kind: 'log', count: 8 },
    at: { kind: 'at', steps: [...new Set([Math.max(1, Math.round(steps / 2)), steps])] },
  }
  return (
    <Row>
      <SelectField
        path={[...path, 'kind']}
        label="Checkpoints"
        w={150}
        data={[
          { value: 'every', label: 'every N steps' },
          { value: 'log', label: 'log-spaced' },
          { value: 'at', label: 'at steps' },
        ]}
        onPick={(k) => form.set(path, defaults[k], [path])}
      />
      {kind === 'every' && <NumField path={[...path, 'steps']} label="Every" w={90} min={1} />}
      {kind === 'log' && <NumField path={[...path, 'count']} label="Count" w={90} min={1} />}
      {kind === 'at' && <NumberListField path={[...path, 'steps']} label="Steps" w={200} />}
    </Row>
  )
}

function FromField({ path }: { path: PathKey[] }) {
  const form = useForm()
  const from = getAt(form.value, path)
  const kind = typeof from === 'string' ? from : from && typeof from === 'object' && !Array.isArray(from) ? (Object.keys(from)[0] ?? 'final') : 'final'
  const defaults: Record<string, Json> = { all: 'all', final: 'final', steps: { steps: [] }, everyKth: { everyKth: 2 } }
  return (
    <Group gap={6} align="flex-start" wrap="nowrap">
      <SegmentedControl
        size="xs"
        aria-label="Branch from"
        data={[
          { value: 'all', label: 'every ckpt' },
          { value: 'final', label: 'final' },
          { value: 'steps', label: 'steps' },
          { value: 'everyKth', label: 'every k-th' },
        ]}
        value={kind}
        onChange={(k) => form.set(path, defaults[k], [path])}
      />
      {kind === 'steps' && <NumberListField path={[...path, 'steps']} label="From steps" w={160} />}
      {kind === 'everyKth' && <NumField path={[...path, 'everyKth']} label="k" w={70} min={1} />}
    </Group>
  )
}

function BranchFields({ index }: { index: number }) {
  const form = useForm()
  const path: PathKey[] = ['branches', index]
  const branches = getAt(form.value, ['branches'])
  return (
    <Paper withBorder p="sm" radius="sm" data-branch-index={index}>
      <Stack gap={8}>
        <Group justify="space-between" align="flex-end">
          <TextField path={[...path, 'name']} label="Branch name" w={200} />
          <Button
            size="xs"
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={14} />}
            onClick={() => form.set(['branches'], (branches as Json[]).filter((_, i) => i !== index))}
          >
            Remove
          </Button>
        </Group>
        <Text size="xs" fw={500} mb={-6}>
          Starts from
        </Text>
        <FromField path={[...path, 'from']} />
        <Row>
          <StringListField path={[...path, 'tasks']} label="Tasks" description="Suite tasks or imported task datasets" w={260} />
          <NumberListField path={[...path, 'replay']} label="Replay ratios" description="Fractions of each batch, e.g. 0, 0.05, 0.25" w={220} />
        </Row>
        <Row>
          <LengthField path={[...path, 'length']} epochs />
          <NumField path={[...path, 'batch']} label="Batch" w={80} min={1} />
        </Row>
        <LrFields path={[...path, 'lr']} />
        <Row>
          <StringListField path={[...path, 'eval', 'formats']} label="Eval formats" w={260} data={[...PROMPT_FORMATS]} />
          <NumberListField path={[...path, 'eval', 'shots']} label="Shots" w={100} />
          <NumField path={[...path, 'eval', 'maxExamples']} label="Max examples" w={110} min={1} />
        </Row>
      </Stack>
    </Paper>
  )
}

/** `staleDescription`: the description is still the template's while the tasks it described have changed. */
export function ScheduleForm({ staleDescription = false }: { staleDescription?: boolean }) {
  const form = useForm()
  const branches = getAt(form.value, ['branches'])
  const list = Array.isArray(branches) ? branches : []
  const rootError = fieldError(
    form.issues.filter((i) => i.path === '' || i.path === '(input)'),
    '',
  )
  const addBranch = () =>
    form.set(['branches'], [
      ...list,
      {
        name: `branch ${list.length + 1}`,
        from: 'final',
        tasks: [],
        length: { steps: 50 },
        batch: 8,
        lr: { kind: 'constant', lr: 1e-3 },
        replay: [0],
        replayCorpus: 'suite',
        eval: { tasks: [], formats: ['default'], shots: [0], maxExamples: 50, every: 0 },
      },
    ])
  return (
    <Stack gap="md" data-testid="schedule-form">
      {rootError && (
        <Text size="sm" c="red">
          {rootError}
        </Text>
      )}
      <Section title="Experiment">
        <Row>
          <TextField path={['name']} label="Name" w={360} />
          <NumberListField path={['seeds']} label="Seeds" w={120} />
        </Row>
        <TextAreaField path={['description']} label="Description" description="What the experiment asks and expects; shown with its results" />
        {staleDescription && (
          <Text size="xs" c="orange.8" data-testid="description-stale">
            ⚠ This description came with the template, and the branches&rsquo; tasks have changed since: check that it still says what this experiment does.
          </Text>
        )}
      </Section>
      <Section title="Model">
        <Row>
          <NumField path={['model', 'layers']} label="Layers" w={80} min={1} />
          <NumField path={['model', 'heads']} label="Heads" w={80} min={1} />
          <NumField path={['model', 'width']} label="Width" w={90} min={8} />
          <NumField path={['model', 'context']} label="Context" w={90} min={2} />
          <NumField path={['model', 'vocab']} label="Vocab" w={90} min={2} />
        </Row>
      </Section>
      <Section title="Synthetic suite">
        <Row>
          <SelectField path={['suite', 'scale']} label="Scale" w={110} data={['tiny', 'small', 'default']} />
          <NumField path={['suite', 'seed']} label="Suite seed" w={100} min={0} />
        </Row>
      </Section>
      <Section title="Pre-training">
        <Row>
          <LengthField path={['pretrain', 'length']} />
          <NumField path={['pretrain', 'batch']} label="Batch" w={80} min={1} />
          <NumField path={['pretrain', 'accumulation']} label="Accumulation" w={100} min={1} placeholder="1" />
        </Row>
        <LrFields path={['pretrain', 'lr']} />
        <CheckpointFields path={['pretrain', 'checkpoints']} />
      </Section>
      <Section title="Optimizer and validation (every job)">
        <Row>
          <NumField path={['optimizer', 'beta1']} label="β1" w={80} min={0} step={0.01} placeholder={String(DEFAULT_OPTIMIZER.beta1)} />
          <NumField path={['optimizer', 'beta2']} label="β2" w={80} min={0} step={0.01} placeholder={String(DEFAULT_OPTIMIZER.beta2)} />
          <NumField path={['optimizer', 'eps']} label="ε" w={90} min={0} placeholder={String(DEFAULT_OPTIMIZER.eps)} />
          <NumField path={['optimizer', 'weightDecay']} label="Weight decay" w={100} min={0} step={0.01} placeholder={String(DEFAULT_OPTIMIZER.weightDecay)} />
          <NumField path={['optimizer', 'clip']} label="Clip norm" w={90} min={0} placeholder={String(DEFAULT_OPTIMIZER.clip)} />
          <NumField path={['validation', 'points']} label="Held-out loss points" description="Per run" w={140} min={1} placeholder={String(DEFAULT_VALIDATION.points)} />
        </Row>
      </Section>
      <Divider />
      <Section title="Fine-tuning branches">
        {list.map((_, i) => (
          <BranchFields key={i} index={i} />
        ))}
        {fieldError(form.issues.filter((i) => i.path === 'branches'), 'branches') && (
          <Text size="xs" c="red">
            {fieldError(form.issues.filter((i) => i.path === 'branches'), 'branches')}
          </Text>
        )}
        <Button size="xs" variant="default" leftSection={<IconPlus size={14} />} onClick={addBranch} w="fit-content">
          Add a branch
        </Button>
      </Section>
    </Stack>
  )
}

/** For fields the form has no input for: the issue is still listed under the form. */
export function unplacedIssues(issues: readonly { path: string; message: string }[]): { path: string; message: string }[] {
  const placed = /^(name|description|seeds|model\.|suite|optimizer\.|validation\.|pretrain\.(length|batch|accumulation|lr|checkpoints)|branches(\[\d+\]\.(name|from|tasks|replay|length|batch|lr|eval\.(formats|shots|maxExamples)))?)/
  return issues.filter((i) => i.path !== '' && !placed.test(i.path))
}
