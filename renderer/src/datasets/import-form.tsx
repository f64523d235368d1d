/**
 * Importing a dataset. In the app the file comes from the native dialog (main process); in a
 * browser from a file chooser or a drop, sent in chunks. A task's columns are mapped here,
 * and without a split column the seeded split's fractions are set and shown before import.
 */
import { Button, FileButton, Group, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { IconFileImport, IconUpload } from '@tabler/icons-react'
import { useState, type DragEvent } from 'react'
import { useApi, useTransport } from '../api/api-context'
import { reportError } from '../api/report-error'
import { SectionCard } from '../components/section-card'
import { LEARNED_OPTIONS, formatBytes, learnedOf } from './dataset-summary'
import { uploadFile } from './upload-file'
import { showNotice } from '../api/notices'

type Kind = 'corpus' | 'task'
type Chosen = { kind: 'file'; file: File } | { kind: 'picked'; id: string; fileName: string; bytes: number }

const COLUMNS = ['prompt', 'completion', 'text', 'label', 'split'] as const
const stem = (name: string) => name.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 100)

export function ImportForm({ onImported }: { onImported(): void }) {
  const client = useApi()
  const transport = useTransport()
  const [kind, setKind] = useState<Kind>('task')
  const [name, setName] = useState('')
  const [chosen, setChosen] = useState<Chosen | null>(null)
  const [columns, setColumns] = useState<Record<string, string>>({})
  const [testFraction, setTestFraction] = useState<number>(0.2)
  const [oodFraction, setOodFraction] = useState<number>(0)
  const [instruction, setInstruction] = useState('')
  const [cue, setCue] = useState('')
  const [learned, setLearned] = useState<string>('unmarked')
  const [busy, setBusy] = useState<string | null>(null)
  const [dragging, setDragging] = useState(false)

  const choose = (c: Chosen) => {
    setChosen(c)
    if (!name) setName(stem(c.kind === 'file' ? c.file.name : c.fileName))
  }
  const pick = async () => {
    try {
      const p = await client.datasets.pickFile()
      if (p) choose({ kind: 'picked', ...p })
    } catch (e) {
      reportError('choose a file', e)
    }
  }
  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    const f = e.dataTransfer.files[0]
    if (f) choose({ kind: 'file', file: f })
  }
  const fileName = chosen ? (chosen.kind === 'file' ? chosen.file.name : chosen.fileName) : null
  const fileBytes = chosen ? (chosen.kind === 'file' ? chosen.file.size : chosen.bytes) : 0

  const submit = async () => {
    if (!chosen) return
    try {
      let source: { upload: string } | { picked: string }
      if (chosen.kind === 'file') {
        setBusy('uploading 0%')
        source = { upload: await uploadFile(client, chosen.file, (sent) => setBusy(`uploading ${Math.round((100 * sent) / Math.max(1, chosen.file.size))}%`)) }
      } else source = { picked: chosen.id }
      setBusy('importing…')
      const mapped = Object.fromEntries(Object.entries(columns).filter(([, v]) => v.trim() !== ''))
      const r =
        kind === 'corpus'
          ? await client.datasets.importCorpus({ name, ...source, ...(mapped.text ? { textColumn: mapped.text } : {}) })
          : await client.datasets.importTask({
              name,
              ...source,
              columns: mapped,
              testFraction,
              oodFraction,
              ...(instruction ? { instruction } : {}),
              ...(cue ? { cue } : {}),
              learned: learnedOf(learned),
            })
      const splits = r.stats.splits ? ` (train ${r.stats.splits.train}, test ${r.stats.splits.test}, ood ${r.stats.splits.ood})` : ''
      showNotice({ id: `imported:${r.dataset.name}`, color: 'teal', title: `Imported ${r.dataset.name}`, message: `${r.stats.lines.toLocaleString('en-US')} records${splits}${r.stats.warnings.length ? `. ${r.stats.warnings.join(' ')}` : ''}` })
      setChosen(null)
      setName('')
      onImported()
    } catch (e) {
      reportError(`import ${fileName ?? 'the file'}`, e)
    } finally {
      setBusy(null)
    }
  }

  return (
    <SectionCard title="Import a dataset">
      <Stack gap="sm">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v === 'corpus' ? 'corpus' : 'task')}
            data={[
              { value: 'task', label: 'Task' },
              { value: 'corpus', label: 'Corpus' },
            ]}
            aria-label="dataset kind"
          />
          <TextInput label="Name" placeholder="my-task" value={name} onChange={(e) => setName(e.currentTarget.value)} w={220} data-testid="import-name" />
        </Group>
        <Paper
          withBorder
          p="md"
          radius="md"
          onDragOver={(e) => {
            e.preventDefault()
            setDragging(true)
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          style={{ borderStyle: 'dashed', background: dragging ? 'var(--mantine-color-blue-light)' : undefined }}
          data-testid="import-drop"
        >
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Text size="sm" c={fileName ? undefined : 'dimmed'}>
              {fileName ? `${fileName} · ${formatBytes(fileBytes)}` : 'Text, JSONL, CSV or Parquet (as Hugging Face distributes). Up to 256 MB.'}
            </Text>
            {transport === 'ipc' ? (
              <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => void pick()}>
                Choose file…
              </Button>
            ) : (
              <Group gap="xs">
                <Text size="xs" c="dimmed">
                  drop a file here, or
                </Text>
                <FileButton onChange={(f) => f && choose({ kind: 'file', file: f })} accept=".txt,.text,.jsonl,.ndjson,.csv,.parquet,.pq" inputProps={{ 'data-testid': 'import-file' } as Record<string, string>}>
                  {(props) => (
                    <Button {...props} variant="default" leftSection={<IconUpload size={16} />}>
                      Choose file…
                    </Button>
                  )}
                </FileButton>
              </Group>
            )}
          </Group>
        </Paper>
        {kind === 'task' ? (
          <>
            <Text size="xs" c="dimmed">
              Columns (leave empty to use the column of that name; a task has prompt and completion, or text and label)
            </Text>
            <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
              {COLUMNS.map((c) => (
                <TextInput key={c} size="xs" label={`${c} column`} placeholder={c} value={columns[c] ?? ''} onChange={(e) => setColumns({ ...columns, [c]: e.currentTarget.value })} />
              ))}
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
              <NumberInput size="xs" label="Test fraction" min={0} max={0.9} step={0.05} decimalScale={2} value={testFraction} onChange={(v) => setTestFraction(typeof v === 'number' ? v : 0)} />
              <NumberInput size="xs" label="Out-of-domain fraction" min={0} max={0.9} step={0.05} decimalScale={2} value={oodFraction} onChange={(v) => setOodFraction(typeof v === 'number' ? v : 0)} />
              <Select size="xs" label="Learned in pre-training" data={LEARNED_OPTIONS} value={learned} allowDeselect={false} onChange={(v) => setLearned(v ?? 'unmarked')} />
            </SimpleGrid>
            <Text size="xs" c="dimmed" data-testid="split-fractions">
              Without a split column (train / test / ood; validation, dev and val count as test): a seeded draw of {Math.round(testFraction * 100)}% test, {Math.round(oodFraction * 100)}% out-of-domain, {Math.max(0, 100 - Math.round(testFraction * 100) - Math.round(oodFraction * 100))}% train.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              <TextInput size="xs" label="Instruction (instruct format's first line)" placeholder="default: names the labels" value={instruction} onChange={(e) => setInstruction(e.currentTarget.value)} />
              <TextInput size="xs" label="Answer cue" placeholder='classification: "Answer:"; generation: found in the prompts' value={cue} onChange={(e) => setCue(e.currentTarget.value)} />
            </SimpleGrid>
          </>
        ) : (
          <TextInput size="xs" w={260} label="Text column (JSONL / Parquet)" placeholder="text" value={columns.text ?? ''} onChange={(e) => setColumns({ ...columns, text: e.currentTarget.value })} />
        )}
        <Group>
          <Button onClick={() => void submit()} disabled={!chosen || name.trim() === '' || busy !== null} loading={busy !== null} data-testid="import-submit">
            Import
          </Button>
          {busy && (
            <Text size="xs" c="dimmed">
              {busy}
            </Text>
          )}
        </Group>
      </Stack>
    </SectionCard>
  )
}
