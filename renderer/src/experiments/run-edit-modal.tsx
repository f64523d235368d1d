/** Tags and notes of a run, saved with `runs.update`. */
import { Button, Group, Modal, Stack, TagsInput, Textarea } from '@mantine/core'
import { useState } from 'react'
import type { RunSummary } from '../../../shared/schemas/run'
import { useApi } from '../api/api-context'
import { reportError } from '../api/report-error'

export function RunEditModal({ run, onClose }: { run: RunSummary | null; onClose(): void }) {
  return (
    <Modal opened={run !== null} onClose={onClose} title={run ? `Tags and notes of “${run.name}”` : ''} centered size="lg">
      {run && <RunEditForm key={run.id} run={run} onClose={onClose} />}
    </Modal>
  )
}

function RunEditForm({ run, onClose }: { run: RunSummary; onClose(): void }) {
  const client = useApi()
  const [tags, setTags] = useState(run.tags)
  const [notes, setNotes] = useState(run.notes)
  const [saving, setSaving] = useState(false)
  const save = async () => {
    setSaving(true)
    try {
      await client.runs.update({ id: run.id, tags, notes })
      onClose()
    } catch (error) {
      reportError(`save run #${run.id}`, error)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Stack gap="sm">
      <TagsInput label="Tags" description="Enter or comma adds a tag" value={tags} onChange={setTags} data-autofocus />
      <Textarea label="Notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={4} maxRows={14} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Discard
        </Button>
        <Button loading={saving} onClick={() => void save()}>
          Save
        </Button>
      </Group>
    </Stack>
  )
}
