/**
 * Settings' cluster profile (issue 15): every field of ClusterProfile with its defaults,
 * checked with the shared schema as you type (errors under their fields), saved into the data
 * folder through `cluster.saveProfile`, imported from and exported to the profile.json the CLI's
 * --cluster takes, and tested against this machine's Slurm client (`cluster.test`).
 */
import { useState } from 'react'
import { Alert, Badge, Button, FileButton, Group, List, NumberInput, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { IconCheck, IconDownload, IconPlugConnected, IconUpload } from '@tabler/icons-react'
import { profileJson, readProfileJson } from '../../../shared/cluster-profile-json'
import type { ClusterProfileState, ClusterTestResult } from '../../../shared/schemas/cluster-calls'
import type { FieldIssue } from '../../../shared/validation-error'
import { useApi } from '../api/api-context'
import { reportError } from '../api/report-error'
import { showNotice } from '../api/notices'
import { useQuery } from '../api/use-query'
import { downloadBlob } from '../charts/export-data'
import { LoadingRows } from '../components/loading-rows'
import { QueryError } from '../components/query-error'
import { SectionCard } from '../components/section-card'
import { issuesAt } from '../experiments/issue-paths'
import { DEFAULTS, checkDraft, draftOf, type ClusterDraft } from './cluster-profile-draft'

/** Monospace for what is typed (paths, argv, sbatch options), not for the label. */
const MONO = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } }

export function SettingsCluster() {
  const client = useApi()
  const query = useQuery('load the cluster profile', 'cluster-profile', () => client.cluster.profile())
  const [saved, setSaved] = useState<ClusterProfileState | undefined>()
  const state = saved ?? query.data
  return (
    <SectionCard title="Cluster (Slurm)">
      {state === undefined ? (
        query.error ? (
          <QueryError what="load the cluster profile" error={query.error} onRetry={query.refetch} />
        ) : (
          <LoadingRows rows={4} />
        )
      ) : (
        <ClusterForm key={JSON.stringify(state.profile)} state={state} onSaved={setSaved} />
      )}
    </SectionCard>
  )
}

function ClusterForm({ state, onSaved }: { state: ClusterProfileState; onSaved(s: ClusterProfileState): void }) {
  const client = useApi()
  const [draft, setDraft] = useState<ClusterDraft>(() => draftOf(state.profile))
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set(state.profile ? Object.keys(draft) : []))
  const [importIssues, setImportIssues] = useState<FieldIssue[]>([])
  const [busy, setBusy] = useState<'save' | 'test' | 'remove' | null>(null)
  const [test, setTest] = useState<ClusterTestResult | null>(null)
  const checked = checkDraft(draft)
  const changed = JSON.stringify(checked.profile) !== JSON.stringify(state.profile)

  const set = <K extends keyof ClusterDraft>(key: K, value: ClusterDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }))
    setTouched((t) => new Set(t).add(key))
    setTest(null)
  }
  const error = (key: keyof ClusterDraft) => (touched.has(key) ? errorAt(checked.issues, key) : undefined)
  const showAll = () => setTouched(new Set(Object.keys(draft)))

  const save = async () => {
    showAll()
    if (!checked.profile) return
    setBusy('save')
    try {
      onSaved(await client.cluster.saveProfile({ profile: checked.profile }))
      showNotice({ id: 'cluster-saved', color: 'teal', title: 'Cluster profile saved', message: `Saved to ${state.path}.` })
    } catch (e) {
      reportError('save the cluster profile', e)
    } finally {
      setBusy(null)
    }
  }
  const remove = async () => {
    setBusy('remove')
    try {
      onSaved(await client.cluster.saveProfile({ profile: null }))
    } catch (e) {
      reportError('remove the cluster profile', e)
    } finally {
      setBusy(null)
    }
  }
  const runTest = async () => {
    showAll()
    if (!checked.profile) return
    setBusy('test')
    try {
      setTest(await client.cluster.test({ profile: checked.profile }))
    } catch (e) {
      reportError('test the cluster profile', e)
    } finally {
      setBusy(null)
    }
  }
  const importFile = async (file: File | null) => {
    if (!file) return
    const read = readProfileJson(await file.text())
    setImportIssues(read.profile ? [] : read.issues)
    if (read.profile) {
      setDraft(draftOf(read.profile))
      setTouched(new Set(Object.keys(draft)))
      setTest(null)
      showNotice({ id: 'cluster-imported', color: 'blue', title: 'Profile imported', message: `${file.name} is in the form; Save to keep it.` })
    }
  }
  const exportFile = () => {
    if (checked.profile) downloadBlob(new Blob([profileJson(checked.profile)], { type: 'application/json' }), 'cluster-profile.json')
  }

  const text = (key: 'name' | 'clusterDir' | 'partition' | 'account' | 'timeLimit', label: string, description: string, placeholder?: string) => (
    <TextInput
      label={label}
      description={description}
      placeholder={placeholder}
      value={draft[key]}
      onChange={(e) => set(key, e.currentTarget.value)}
      error={error(key)}
      data-field={key}
      styles={key === 'clusterDir' ? MONO : undefined}
    />
  )
  const number = (key: 'cpusPerJob' | 'gpusPerJob' | 'maxParallel' | 'pollSeconds', label: string, description: string, min: number) => (
    <NumberInput label={label} description={description} min={min} value={draft[key]} onChange={(v) => set(key, v)} error={error(key)} data-field={key} allowDecimal={key === 'pollSeconds'} />
  )

  return (
    <Stack gap="sm" data-testid="cluster-profile">
      <Text size="sm" c="dimmed">
        Run a schedule's jobs on a Slurm cluster instead of this machine. Saved in the data folder as{' '}
        <Text span ff="monospace" size="xs" style={{ overflowWrap: 'anywhere' }}>
          {state.path}
        </Text>
        , the same file <Text span ff="monospace" size="xs">npm run experiment -- schedule.json --executor slurm --cluster</Text> takes.
      </Text>
      {state.problem && (
        <Alert color="red" variant="light" title="The saved profile cannot be used" data-testid="cluster-problem">
          {state.problem}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="sm">
        {text('name', 'Name', 'Shown where runs say where they ran.', DEFAULTS.name)}
        {text('partition', 'Partition', 'Empty: the cluster’s default partition.', 'default')}
        {text('account', 'Account', 'Empty: your default account.', 'default')}
        {text('timeLimit', 'Time limit per job', 'sbatch --time, e.g. 60, 2:00:00 or 1-12:00:00.', DEFAULTS.timeLimit)}
        {number('cpusPerJob', 'CPUs per job', '--cpus-per-task.', 1)}
        {number('gpusPerJob', 'GPUs per job', '--gres=gpu:N; with one or more the worker uses tfjs-node-gpu.', 0)}
        {number('maxParallel', 'Jobs at once', 'Submitted to the cluster at a time; the queue holds the rest.', 1)}
        {number('pollSeconds', 'Poll every (s)', 'How often squeue/sacct and the event logs are read.', 0.2)}
      </SimpleGrid>
      {text('clusterDir', 'Cluster folder', 'On the shared file system, at the same absolute path on this machine and on every node.', '/shared/continuum')}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <Textarea
          label="Node command"
          description="The program that runs Node on the nodes, one argument a line (the packaged app's binary works: it runs with ELECTRON_RUN_AS_NODE=1)."
          autosize
          minRows={2}
          styles={MONO}
          value={draft.nodeCommand}
          onChange={(e) => set('nodeCommand', e.currentTarget.value)}
          error={error('nodeCommand')}
          data-field="nodeCommand"
        />
        <Textarea
          label="Extra #SBATCH lines"
          description="One sbatch option a line, e.g. --qos=short."
          autosize
          minRows={2}
          styles={MONO}
          value={draft.extraSbatch}
          onChange={(e) => set('extraSbatch', e.currentTarget.value)}
          error={error('extraSbatch')}
          data-field="extraSbatch"
        />
      </SimpleGrid>
      {checked.issues.some((i) => !(i.path.split(/[.[]/)[0]! in draft)) && (
        <Alert color="red" variant="light" title="Other problems">
          {checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}
        </Alert>
      )}
      {importIssues.length > 0 && (
        <Alert color="red" variant="light" title="That file is not a valid cluster profile" data-testid="cluster-import-issues" withCloseButton onClose={() => setImportIssues([])}>
          <List size="sm">
            {importIssues.map((i) => (
              <List.Item key={i.path + i.message}>
                <Text span ff="monospace" size="xs">
                  {i.path}
                </Text>
                : {i.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Group gap="sm" wrap="wrap">
        <Button leftSection={<IconCheck size={16} />} onClick={() => void save()} loading={busy === 'save'} disabled={!changed && state.profile !== null} data-testid="cluster-save">
          Save profile
        </Button>
        <Button variant="default" leftSection={<IconPlugConnected size={16} />} onClick={() => void runTest()} loading={busy === 'test'} data-testid="cluster-test">
          Test
        </Button>
        <FileButton onChange={(f) => void importFile(f)} accept="application/json,.json" inputProps={{ 'data-testid': 'cluster-import-file' } as Record<string, string>}>
          {(props) => (
            <Button variant="default" leftSection={<IconUpload size={16} />} {...props}>
              Import profile.json
            </Button>
          )}
        </FileButton>
        <Button variant="default" leftSection={<IconDownload size={16} />} onClick={exportFile} disabled={!checked.profile} data-testid="cluster-export">
          Export
        </Button>
        {state.profile && (
          <Button variant="subtle" color="red" onClick={() => void remove()} loading={busy === 'remove'} data-testid="cluster-remove">
            Remove
          </Button>
        )}
        {changed && state.profile && (
          <Text size="xs" c="dimmed">
            Unsaved changes
          </Text>
        )}
      </Group>
      {test && <TestResult result={test} />}
    </Stack>
  )
}

/** The issues under a field, a list's items named by their place ("argument 2: must not be empty"). */
function errorAt(issues: readonly FieldIssue[], key: keyof ClusterDraft): string | undefined {
  const at = issuesAt(issues, key)
  if (at.length === 0) return undefined
  const item = key === 'nodeCommand' ? 'argument' : 'option'
  return at.map((i) => (i.path === key ? i.message : `${item} ${Number(/^\w+\[(\d+)\]/.exec(i.path)?.[1] ?? 0) + 1}: ${i.message}`)).join('; ')
}

function TestResult({ result }: { result: ClusterTestResult }) {
  return (
    <Alert color={result.ok ? 'teal' : 'red'} variant="light" title={result.ok ? 'Slurm answered' : 'The test found problems'} data-testid="cluster-test-result" data-ok={result.ok}>
      <Stack gap={6}>
        {result.version && (
          <Text size="sm">
            <Text span ff="monospace" size="xs">
              sinfo --version
            </Text>
            : {result.version}
          </Text>
        )}
        {result.partitions.length > 0 && (
          <Group gap={6}>
            <Text size="sm">Partitions:</Text>
            {result.partitions.map((p) => (
              <Badge key={p.name} variant={p.isDefault ? 'filled' : 'light'} tt="none" title={p.isDefault ? 'the default partition' : undefined}>
                {p.name}
                {p.isDefault ? ' (default)' : ''}
              </Badge>
            ))}
          </Group>
        )}
        {result.problems.length > 0 && (
          <List size="sm" data-testid="cluster-test-problems">
            {result.problems.map((p) => (
              <List.Item key={p}>
                {/* Slurm's own messages are several lines; keep them as it wrote them. */}
                <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                  {p}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Alert>
  )
}
