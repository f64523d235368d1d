/**
 * Pause, resume and cancel for one run; cancelling asks first. Icons in a table row; labelled
 * buttons (`labelled`) on the run's own page.
 */
import { ActionIcon, Button, Group, Modal, Text, Tooltip } from '@mantine/core'
import type { ReactNode } from 'react'
import { IconPlayerPause, IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react'
import { useState } from 'react'
import type { RunSummary } from '../../../shared/schemas/run'
import { useApi } from '../api/api-context'
import { reportError } from '../api/report-error'

const CAN_PAUSE = new Set(['running', 'queued'])
const CAN_RESUME = new Set(['paused', 'interrupted', 'failed', 'cancelled'])
const CAN_CANCEL = new Set(['running', 'queued', 'paused', 'interrupted'])

export function RunActions({ run, labelled = false }: { run: RunSummary; labelled?: boolean }) {
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
  const action = (what: 'pause' | 'resume' | 'cancel', label: string, tip: string, icon: ReactNode, color: string) =>
    labelled ? (
      <Tooltip label={tip}>
        <Button size="xs" variant="default" color={color} c={color === 'red' ? 'red' : undefined} leftSection={icon} loading={what !== 'cancel' && busy} onClick={() => (what === 'cancel' ? setConfirming(true) : void act(what))}>
          {label}
        </Button>
      </Tooltip>
    ) : (
      <Tooltip label={tip}>
        <ActionIcon variant="subtle" color={color} aria-label={`${label} ${run.name}`} loading={what !== 'cancel' && busy} onClick={() => (what === 'cancel' ? setConfirming(true) : void act(what))}>
          {icon}
        </ActionIcon>
      </Tooltip>
    )
  return (
    <Group gap={labelled ? 'xs' : 2} wrap="nowrap" justify="flex-end" data-testid={labelled ? 'run-page-actions' : undefined}>
      {CAN_PAUSE.has(run.status) && action('pause', 'Pause', 'Pause (saves a checkpoint)', <IconPlayerPause size={16} />, 'gray')}
      {CAN_RESUME.has(run.status) && action('resume', 'Resume', 'Resume from the last checkpoint', <IconPlayerPlay size={16} />, 'gray')}
      {CAN_CANCEL.has(run.status) && action('cancel', 'Cancel', 'Cancel', <IconPlayerStop size={16} />, 'red')}
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
