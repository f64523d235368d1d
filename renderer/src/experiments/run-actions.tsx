/** Pause, resume and cancel for one run; cancelling asks first. */
import { ActionIcon, Button, Group, Modal, Text, Tooltip } from '@mantine/core'
import { IconPlayerPause, IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react'
import { useState } from 'react'
import type { RunSummary } from '../../../shared/schemas/run'
import { useApi } from '../api/api-context'
import { reportError } from '../api/report-error'

const CAN_PAUSE = new Set(['running', 'queued'])
const CAN_RESUME = new Set(['paused', 'interrupted', 'failed', 'cancelled'])
const CAN_CANCEL = new Set(['running', 'queued', 'paused', 'interrupted'])

export function RunActions({ run }: { run: RunSummary }) {
  const client = useApi()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const act = async (what: 'pause' | 'resume' | 'cancel') => {
    setBusy(true)
    try {
      await client.runs[what]({ id: run.id })
    } catch (error) {
      reportError(`${what} run #${run.id}`, error)
    } finally {
      setBusy(false)
      setConfirming(false)
    }
  }
  return (
    <Group gap={2} wrap="nowrap" justify="flex-end">
      {CAN_PAUSE.has(run.status) && (
        <Tooltip label="Pause (saves a checkpoint)">
          <ActionIcon variant="subtle" color="gray" aria-label={`Pause ${run.name}`} loading={busy} onClick={() => void act('pause')}>
            <IconPlayerPause size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      {CAN_RESUME.has(run.status) && (
        <Tooltip label="Resume from the last checkpoint">
          <ActionIcon variant="subtle" color="gray" aria-label={`Resume ${run.name}`} loading={busy} onClick={() => void act('resume')}>
            <IconPlayerPlay size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      {CAN_CANCEL.has(run.status) && (
        <Tooltip label="Cancel">
          <ActionIcon variant="subtle" color="red" aria-label={`Cancel ${run.name}`} onClick={() => setConfirming(true)}>
            <IconPlayerStop size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Cancel “${run.name}”?`} centered>
        <Text size="sm" mb="md">
          The worker stops at the end of its current step. Checkpoints already saved are kept; you can resume from the last one later.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirming(false)}>
            Keep running
          </Button>
          <Button color="red" loading={busy} onClick={() => void act('cancel')}>
            Cancel run
          </Button>
        </Group>
      </Modal>
    </Group>
  )
}
