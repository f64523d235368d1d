/** Text from the checkpoint for a prompt, with the sampling settings; runs in a worker (about a second). */
import { Button, Code, Group, NumberInput, Paper, Switch, Text, Textarea } from '@mantine/core'
import { IconPlayerPlay } from '@tabler/icons-react'
import { useState } from 'react'
import { useApi } from '../api/api-context'
import { reportError } from '../api/report-error'

export function GenerateBox({ checkpointId }: { checkpointId: number }) {
  const client = useApi()
  const [prompt, setPrompt] = useState('Once upon a time')
  const [temperature, setTemperature] = useState<number>(0)
  const [topK, setTopK] = useState<number>(40)
  const [maxTokens, setMaxTokens] = useState<number>(48)
  const [seed, setSeed] = useState<number>(0)
  const [stopAtEos, setStopAtEos] = useState(true)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ text: string; tokens: number; stop: string } | null>(null)

  const run = async () => {
    setBusy(true)
    try {
      setResult(await client.checkpoints.generate({ id: checkpointId, prompt, maxTokens, temperature, topK, seed, stopAtEos }))
    } catch (error) {
      reportError('generate text', error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div data-testid="generate-box">
      <Textarea label="Prompt" value={prompt} onChange={(e) => setPrompt(e.currentTarget.value)} autosize minRows={2} maxRows={6} />
      <Group gap="sm" mt="xs" align="flex-end" wrap="wrap">
        <NumberInput size="xs" w={110} label="Temperature" min={0} max={5} step={0.1} decimalScale={2} value={temperature} onChange={(v) => setTemperature(Number(v) || 0)} />
        <NumberInput size="xs" w={90} label="Top-k" min={0} max={1000} value={topK} onChange={(v) => setTopK(Number(v) || 0)} />
        <NumberInput size="xs" w={110} label="Max tokens" min={1} max={1024} value={maxTokens} onChange={(v) => setMaxTokens(Math.max(1, Number(v) || 1))} />
        <NumberInput size="xs" w={90} label="Seed" min={0} value={seed} onChange={(v) => setSeed(Number(v) || 0)} />
        <Switch size="xs" label="Stop at end of text" checked={stopAtEos} onChange={(e) => setStopAtEos(e.currentTarget.checked)} mb={6} />
        <Button size="xs" leftSection={<IconPlayerPlay size={14} />} loading={busy} onClick={() => void run()} disabled={prompt.length === 0} ml="auto">
          Generate
        </Button>
      </Group>
      <Paper withBorder radius="sm" p="sm" mt="sm" mih={64} bg="var(--mantine-color-default-hover)" aria-busy={busy} aria-live="polite">
        {result === null ? (
          <Text size="sm" c="dimmed">
            {busy ? 'Generating in a worker…' : 'The continuation appears here. Temperature 0 is greedy and always gives the same text.'}
          </Text>
        ) : (
          <>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', fontFamily: 'var(--mantine-font-family-monospace)' }} data-testid="generated-text">
              <Text span c="dimmed" inherit>
                {prompt}
              </Text>
              {result.text}
            </Text>
            <Text size="xs" c="dimmed" mt={4}>
              {result.tokens} tokens · stopped: <Code>{result.stop}</Code>
            </Text>
          </>
        )}
      </Paper>
    </div>
  )
}
