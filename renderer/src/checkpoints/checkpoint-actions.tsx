/**
 * What a user can do with a checkpoint: evaluate it on its experiment's suite (missing cells
 * only; the queued run is shown), export its folder, or delete it after a confirmation that
 * names what will be lost.
 */
import { Alert, Anchor, Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core'
import { IconChecklist, IconPin, IconFolderShare, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { PROMPT_FORMATS, type Checkpoint } from '../../../shared/schemas/checkpoint'
import type { Run, RunSummary } from '../../../shared/schemas/run'
import { useApi } from '../api/api-context'
import { reportError } from '../api/report-error'
import { useQuery } from '../api/use-query'
import { formatBytes, formatInteger } from '../format/numbers'
import { hrefFor } from '../routing/routes'
import { navigate } from '../routing/use-route'
import { showNotice } from '../api/notices'

function joinPath(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/'
  return `${dir.replace(/[\\/]+$/, '')}${sep}${name}`
}

export function CheckpointActions({ checkpoint, runName, evaluationCount, branches, onDeleted }: { checkpoint: Checkpoint; runName: string; evaluationCount: number; branches: RunSummary[]; onDeleted(): void }) {
  const client = useApi()
  const info = useQuery('read the data folder', 'info', () => client.system.info())
  const [queued, setQueued] = useState<Run | null>(null)
  const [evaluating, setEvaluating] = useState(false)
  const [exportOpen, setExportOpen] = useState(false)
  const [destination, setDestination] = useState<string | null>(null)
  const [exporting, setExporting] = useState(false)
  const [exported, setExported] = useState<string | null>(null)
  const [deleteOpen, setDeleteOpen] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const defaultDestination = info.data ? joinPath(info.data.dataDir, 'exports') : ''
  const dest = destination ?? defaultDestination

  const evaluate = async () => {
    setEvaluating(true)
    try {
      // Every prompt format, so the format-sensitivity view's cells are filled as well as the heatmap's.
      setQueued(await client.checkpoints.evaluate({ id: checkpoint.id, formats: [...PROMPT_FORMATS] }))
    } catch (error) {
      reportError('queue the evaluation', error)
    } finally {
      setEvaluating(false)
    }
  }
  const doExport = async () => {
    setExporting(true)
    try {
      const { path } = await client.checkpoints.export({ id: checkpoint.id, destination: dest })
      setExported(path)
      setExportOpen(false)
      showNotice({ id: `exported:${path}`, color: 'green', title: 'Checkpoint exported', message: path })
    } catch (error) {
      reportError('export the checkpoint', error)
    } finally {
      setExporting(false)
    }
  }
  const doDelete = async () => {
    setDeleting(true)
    try {
      await client.checkpoints.delete({ id: checkpoint.id })
      setDeleteOpen(false)
      showNotice({ id: `deleted:${checkpoint.id}`, title: 'Checkpoint deleted', message: `Step ${formatInteger(checkpoint.step)} of ${runName}` })
      // Deletion publishes no event, so the browser refetches its lineage itself.
      onDeleted()
      navigate(hrefFor({ page: 'checkpoints' }))
    } catch (error) {
      reportError('delete the checkpoint', error)
    } finally {
      setDeleting(false)
    }
  }

  const [pinned, setPinned] = useState(checkpoint.pinned)
  const pin = async (next: boolean) => {
    try {
      setPinned((await client.checkpoints.pin({ id: checkpoint.id, pinned: next })).pinned)
    } catch (error) {
      reportError(next ? 'pin the checkpoint' : 'unpin the checkpoint', error)
    }
  }
  const pause = checkpoint.kind === 'pause'

  return (
    <Stack gap="sm">
      {pause && (
        <Alert variant="light" color="gray" title="Saved by a pause" data-testid="pause-checkpoint">
          Kept so the run can resume from it; it is not one of the run's planned checkpoints, so it is left out of heatmaps and evaluations, and it is deleted once the run completes{pinned ? ' — unless pinned, as it is now' : ', unless you pin it'}.
        </Alert>
      )}
      <Group gap="sm">
        {pause ? (
          <Button size="xs" variant={pinned ? 'filled' : 'default'} leftSection={<IconPin size={14} />} onClick={() => void pin(!pinned)} data-testid="pin-checkpoint">
            {pinned ? 'Pinned: kept after the run' : 'Pin: keep after the run'}
          </Button>
        ) : (
          <Button size="xs" leftSection={<IconChecklist size={14} />} loading={evaluating} onClick={() => void evaluate()}>
            Evaluate on the suite
          </Button>
        )}
        <Button size="xs" variant="default" leftSection={<IconFolderShare size={14} />} onClick={() => setExportOpen(true)}>
          Export…
        </Button>
        <Button size="xs" variant="light" color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeleteOpen(true)}>
          Delete…
        </Button>
      </Group>
      {queued && (
        <Alert variant="light" color="blue" data-testid="queued-evaluation" title="Evaluation queued">
          Run <Anchor href={hrefFor({ page: 'run', runId: queued.id })}>#{queued.id} {queued.name}</Anchor> ({queued.status}) fills the cells this checkpoint is missing; its scores appear below as they land.
        </Alert>
      )}
      {exported && (
        <Text size="xs" c="dimmed" data-testid="exported-path">
          Exported to <code>{exported}</code>
        </Text>
      )}

      <Modal opened={exportOpen} onClose={() => setExportOpen(false)} title="Export checkpoint" centered>
        <Text size="sm" mb="sm">
          Copies the checkpoint folder ({formatBytes(checkpoint.bytes)}: weights, config, tokenizer, optimizer state) into a folder on the machine running Continuum.
        </Text>
        <TextInput label="Destination folder" value={dest} onChange={(e) => setDestination(e.currentTarget.value)} data-testid="export-destination" />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setExportOpen(false)}>
            Cancel
          </Button>
          <Button loading={exporting} disabled={dest.trim() === ''} onClick={() => void doExport()}>
            Export
          </Button>
        </Group>
      </Modal>

      <Modal opened={deleteOpen} onClose={() => setDeleteOpen(false)} title={`Delete checkpoint #${checkpoint.id}?`} centered>
        <Text size="sm">This cannot be undone. You will lose:</Text>
        <List size="sm" mt="xs" spacing={4}>
          <List.Item>
            step {formatInteger(checkpoint.step)} of <b>{runName}</b> and its folder ({formatBytes(checkpoint.bytes)}) at <code style={{ wordBreak: 'break-all' }}>{checkpoint.path}</code>
          </List.Item>
          <List.Item>{evaluationCount === 0 ? 'no evaluations (none recorded)' : `its ${evaluationCount} evaluation result${evaluationCount === 1 ? '' : 's'}`}</List.Item>
          {branches.length > 0 && (
            <List.Item>
              the starting point of {branches.length} run{branches.length === 1 ? '' : 's'} branched from it ({branches.map((b) => b.name).join(', ')}): they keep their own checkpoints, but cannot be re-run from this one
            </List.Item>
          )}
        </List>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setDeleteOpen(false)}>
            Keep it
          </Button>
          <Button color="red" loading={deleting} onClick={() => void doDelete()}>
            Delete checkpoint
          </Button>
        </Group>
      </Modal>
    </Stack>
  )
}
