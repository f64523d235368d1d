/**
 * The schedule editor (`#/experiments/new`): a template or a blank schedule, edited in a form
 * or as JSON, checked by a debounced `experiments.dryRun` (errors placed at their fields),
 * previewed with the worker's own schedule functions, and started with `experiments.create`.
 */
import { Alert, Anchor, Button, Grid, Group, Paper, SegmentedControl, Stack, Tabs, Text, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconPlayerPlay, IconTemplate } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import type { DryRunResult } from '../../../shared/schemas/experiment-calls'
import type { FieldIssue } from '../../../shared/validation-error'
import { useApi } from '../api/api-context'
import { errorMessage } from '../api/report-error'
import { PageTitle } from '../components/page-title'
import { DryRunSummary } from '../experiments/dry-run-summary'
import { issuesOf } from '../experiments/issue-paths'
import { FormContext } from '../experiments/schedule-fields'
import { ScheduleForm, unplacedIssues } from '../experiments/schedule-form'
import { ScheduleJsonView } from '../experiments/schedule-json-view'
import { scheduleModel } from '../experiments/schedule-model'
import { LrPreviews, ReplayPreview } from '../experiments/schedule-previews'
import { ScheduleTimeline, TimelineLegend } from '../experiments/schedule-timeline'
import { blankSchedule, type Json } from '../experiments/schedule-value'
import { useDerivedSchedule } from '../experiments/use-derived-schedule'
import { hrefFor } from '../routing/routes'
import { navigate } from '../routing/use-route'
import { showNotice } from '../api/notices'
import { useQuery } from '../api/use-query'
import type { Executor } from '../../../shared/schemas/cluster-profile'
import { ExecutorChoice } from '../experiments/executor-choice'

type Scale = 'tiny' | 'small' | 'default'

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Title order={3} size="h6" mb={6}>
        {title}
      </Title>
      {children}
    </Paper>
  )
}

export function ExperimentsNewPage() {
  const client = useApi()
  const editor = useDerivedSchedule(blankSchedule)
  const schedule = editor.schedule
  const [scale, setScale] = useState<Scale>('tiny')
  const [view, setView] = useState<string | null>('form')
  const [debounced] = useDebouncedValue(schedule, 400)
  const [check, setCheck] = useState<{ for: Json; result: DryRunResult | null; issues: FieldIssue[] }>({ for: null, result: null, issues: [] })
  const [starting, setStarting] = useState(false)
  const cluster = useQuery('load the cluster profile', 'cluster-profile', () => client.cluster.profile())
  const profile = cluster.data?.profile ?? null
  const [chosen, setChosen] = useState<Executor>('local')
  // Only a saved profile can be chosen; removing it in Settings brings the choice back here.
  const executor: Executor = profile ? chosen : 'local'
  const [checkedFor, setCheckedFor] = useState<Executor>(executor)

  useEffect(() => {
    let current = true
    client.experiments.dryRun({ schedule: debounced as never, executor }).then(
      (result) => {
        if (!current) return
        setCheck({ for: debounced, result, issues: [] })
        setCheckedFor(executor)
      },
      (error: unknown) => current && setCheck({ for: debounced, result: null, issues: issuesOf(error) }),
    )
    return () => {
      current = false
    }
  }, [client, debounced, executor])

  const pending = check.for !== schedule || checkedFor !== executor
  const loadTemplate = async () => {
    try {
      editor.load((await client.experiments.template({ name: 'study', scale, seed: 0 })) as Json, true)
    } catch (error) {
      showNotice({ id: 'error:load the study template', error: true, color: 'red', title: 'Could not load the study template', message: errorMessage(error) })
    }
  }
  const start = async () => {
    setStarting(true)
    try {
      const created = await client.experiments.create({ schedule: schedule as never, executor })
      showNotice({
        id: `started:${created.experiment.id}`,
        color: 'teal',
        title: created.created ? 'Experiment started' : 'Experiment already exists',
        message: created.created ? `${created.runIds.length} runs queued for “${created.experiment.name}”.` : `“${created.experiment.name}” has this schedule; its runs resume.`,
      })
      navigate(hrefFor({ page: 'experiment', experimentId: created.experiment.id }))
    } catch (error) {
      const issues = issuesOf(error)
      setCheck({ for: schedule, result: null, issues })
      showNotice({ id: 'error:start the experiment', error: true, color: 'red', title: 'Could not start the experiment', message: errorMessage(error), autoClose: 10_000 })
    } finally {
      setStarting(false)
    }
  }

  const form = { value: schedule, issues: check.issues, set: editor.set, follows: editor.follows }
  const model = scheduleModel(schedule)
  const extra = unplacedIssues(check.issues)

  return (
    <>
      <PageTitle
        title={
          <>
            <Anchor href={hrefFor({ page: 'experiments' })} inherit c="dimmed">
              Experiments
            </Anchor>{' '}
            / New
          </>
        }
        description="Design a study: pre-training with checkpoints, fine-tuning branches, replay and evaluation. Previews use the worker's own schedule functions."
        right={
          <Button leftSection={<IconPlayerPlay size={16} />} onClick={() => void start()} loading={starting} disabled={check.issues.length > 0 && !pending}>
            Start
          </Button>
        }
      />
      <Paper withBorder radius="md" p="sm" mb="md">
        <Group gap="sm" wrap="wrap">
          <IconTemplate size={18} />
          <Text size="sm">Start from</Text>
          <Button size="xs" onClick={() => void loadTemplate()}>
            Study template
          </Button>
          <SegmentedControl size="xs" aria-label="Template scale" data={['tiny', 'small', 'default']} value={scale} onChange={(v) => setScale(v as Scale)} />
          <Text size="sm" c="dimmed">
            or
          </Text>
          <Button size="xs" variant="default" onClick={() => editor.load(blankSchedule(), false)}>
            Blank schedule
          </Button>
        </Group>
      </Paper>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Paper withBorder radius="md" p="sm">
            <Tabs value={view} onChange={setView} keepMounted={false}>
              <Tabs.List mb="sm">
                <Tabs.Tab value="form">Form</Tabs.Tab>
                <Tabs.Tab value="json">JSON</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="form">
                <FormContext value={form}>
                  <ScheduleForm staleDescription={editor.staleDescription} />
                </FormContext>
                {extra.length > 0 && (
                  <Alert color="red" variant="light" mt="sm" title="Other problems">
                    {extra.map((i) => (
                      <Text key={i.path + i.message} size="sm">
                        <Text span ff="monospace" size="xs">
                          {i.path}
                        </Text>
                        : {i.message}
                      </Text>
                    ))}
                  </Alert>
                )}
              </Tabs.Panel>
              <Tabs.Panel value="json">
                <ScheduleJsonView value={schedule} issues={check.issues} onChange={editor.replace} />
              </Tabs.Panel>
            </Tabs>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="md" style={{ position: 'sticky', top: 70 }}>
            <Card title="Dry run">
              <Stack gap="sm">
                {profile && <ExecutorChoice profile={profile} path={cluster.data?.path ?? ''} value={executor} onChange={setChosen} />}
                <DryRunSummary result={check.result} pending={pending} />
              </Stack>
            </Card>
            {'model' in model ? (
              <>
                <Card title="Timeline">
                  <ScheduleTimeline model={model.model} />
                  <TimelineLegend model={model.model} />
                </Card>
                <Card title="Learning rate by phase">
                  <LrPreviews model={model.model} />
                </Card>
                <Card title="Replay">
                  <ReplayPreview model={model.model} />
                </Card>
              </>
            ) : (
              <Text size="sm" c="dimmed" data-testid="preview-error">
                {model.error}
              </Text>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  )
}
