/**
 * Study: for any experiment, the findings of issue 11 as the paper's figures, each headed by
 * its sentence computed from the numbers with 95% intervals (or "Not shown: <reason>"), each
 * exportable as PNG and SVG, and the whole as a self-contained HTML report. The findings are
 * computed here from the experiment's evaluation rows and task list by the same pure
 * functions (shared/findings) the CLI prints; they update live as evaluations land.
 */
import { Button, Group, Select, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconFileDownload, IconReportAnalytics } from '@tabler/icons-react'
import { useEffect, useMemo, useRef } from 'react'
import { computeFindings } from '../../../shared/findings'
import { useApi } from '../api/api-context'
import { useQuery } from '../api/use-query'
import { downloadBlob, exportSafely, fileSlug } from '../charts/export-data'
import { EmptyNote } from '../components/empty-note'
import { PageTitle } from '../components/page-title'
import { QueryState } from '../components/query-state'
import { useExperimentData } from '../heatmaps/use-experiment-data'
import { hrefFor } from '../routing/routes'
import { navigate } from '../routing/use-route'
import { FigureCard } from '../study/figure-card'
import { reportHtml } from '../study/report-html'
import { environmentOf } from '../study/environment'
import { publishDrawn, publishFindings } from '../study/study-hook'

/** Findings by number, row by row: the wide figures (checkpoint curves, replay panels, matrices) get the full width. */
const LAYOUT = [[1], [2, 3], [4], [5], [6, 7], [8], [9]]

export function StudyPage({ experimentId }: { experimentId: number | null }) {
  const client = useApi()
  const experiments = useQuery('load the experiments', 'all', () => client.experiments.list())
  const chosen = experimentId ?? experiments.data?.[0]?.id ?? null
  const key = String(chosen)
  const data = useExperimentData(chosen)
  const experiment = useQuery('load the experiment', key, () => (chosen === null ? Promise.resolve(null) : client.experiments.get({ id: chosen })))
  const tasks = useQuery('load the experiment’s tasks', key, () => (chosen === null ? Promise.resolve([]) : client.experiments.tasks({ experimentId: chosen })))
  const system = useQuery('load the system information', 'system', () => client.system.info())
  const evaluations = data.data?.evaluations
  const taskList = tasks.data
  // The task list depends on the evaluated tasks: fetch it again when a new task appears.
  const taskNames = useMemo(() => [...new Set((evaluations ?? []).map((e) => e.task))].sort().join('\u0000'), [evaluations])
  const refetchTasks = tasks.refetch
  useEffect(() => refetchTasks(), [taskNames, refetchTasks])
  // Per-example scores, fetched again when evaluations arrive: comparisons of the same examples are paired.
  const items = useQuery('load the per-example scores', `${key}:${evaluations?.length ?? 0}`, () =>
    chosen === null ? Promise.resolve([]) : client.evaluations.itemsForExperiment({ experimentId: chosen }),
  )
  const itemScores = useMemo(() => items.data && new Map(items.data.map((e) => [e.id, e.items])), [items.data])
  const findings = useMemo(() => (evaluations && taskList && itemScores ? computeFindings(evaluations, taskList, itemScores) : null), [evaluations, taskList, itemScores])

  const drawn = useRef(new Set<string>())
  useEffect(() => {
    if (findings) publishFindings(findings, drawn.current)
  }, [findings])
  const onDrawn = (id: string) => {
    drawn.current.add(id)
    publishDrawn(drawn.current)
  }

  const downloadReport = () =>
    void exportSafely('the study report', () => {
      if (!findings || !experiment.data) throw new Error('the study is still loading')
      const e = experiment.data
      const html = reportHtml({
        experiment: { id: e.id, name: e.name, description: e.description, schedule: e.schedule },
        findings,
        environment: environmentOf(system.data, data.data?.runs ?? []),
        generatedAt: new Date().toISOString(),
      })
      downloadBlob(new Blob([html], { type: 'text/html' }), `study-${e.id}-${fileSlug(e.name)}.html`)
    })

  const selector = (
    <Group gap="sm" align="flex-end" wrap="nowrap">
      <Select
        label="Experiment"
        w={260}
        data-testid="experiment-select"
        data={(experiments.data ?? []).map((e) => ({ value: String(e.id), label: `#${e.id} ${e.name}` }))}
        value={chosen === null ? null : String(chosen)}
        onChange={(v) => v && navigate(hrefFor({ page: 'study-experiment', experimentId: Number(v) }))}
        allowDeselect={false}
      />
      <Button variant="default" leftSection={<IconFileDownload size={16} />} onClick={downloadReport} disabled={!findings || !experiment.data} data-testid="download-report">
        HTML report
      </Button>
    </Group>
  )
  const counts = findings && { holds: findings.filter((f) => f.verdict === 'holds').length, not: findings.filter((f) => f.verdict === 'does-not-hold').length, cannot: findings.filter((f) => f.verdict === 'cannot-judge').length }
  const error = experiments.error ?? data.error ?? tasks.error ?? items.error ?? experiment.error

  return (
    <>
      <PageTitle title="Study" description="What pre-training gives fine-tuning, and what fine-tuning takes away: the paper's findings on this experiment, with 95% intervals." right={selector} />
      {experiments.data !== undefined && chosen === null ? (
        <EmptyNote
          icon={<IconReportAnalytics size={26} />}
          title="No experiments yet"
          description="Run the built-in study (`npm run experiment -- --template study`, or Experiments → New from the study template): its findings appear here as figures."
        />
      ) : (
        <QueryState
          query={{ data: findings ?? undefined, error, refetch: () => { experiments.refetch(); data.refetch(); tasks.refetch(); items.refetch() } }}
          what="load the study"
          rows={8}
        >
          {(found) => (
            <Stack gap="md">
              <Text size="sm" data-testid="study-summary">
                {counts!.holds} of {found.length} findings hold, {counts!.not} do not, {counts!.cannot} cannot be judged from this experiment’s evaluations. Two scores of the same examples are compared paired (a bootstrap of the per-example differences); others by interval separation.
              </Text>
              {LAYOUT.map((row) => {
                const cards = row.flatMap((n) => found.filter((f) => f.number === n)).map((f) => <FigureCard key={f.id} finding={f} onDrawn={onDrawn} />)
                return row.length === 1 ? (
                  cards
                ) : (
                  <SimpleGrid key={row.join('-')} cols={{ base: 1, lg: 2 }} spacing="md">
                    {cards}
                  </SimpleGrid>
                )
              })}
            </Stack>
          )}
        </QueryState>
      )}
    </>
  )
}
