/** The JSON view: the schedule as text, parsed as you type; errors listed with their paths. */
import { Alert, List, Stack, Text, Textarea } from '@mantine/core'
import { useState } from 'react'
import type { FieldIssue } from '../../../shared/validation-error'
import { parseJson, type Json } from './schedule-value'

const pretty = (value: Json) => JSON.stringify(value, null, 2)

export function ScheduleJsonView({ value, issues, onChange }: { value: Json; issues: readonly FieldIssue[]; onChange(value: Json): void }) {
  const [text, setText] = useState(() => pretty(value))
  const [parseError, setParseError] = useState<string | null>(null)
  // Follow the form's edits unless the text here is being edited into shape.
  const [synced, setSynced] = useState(value)
  if (synced !== value && parseError === null) {
    setSynced(value)
    setText(pretty(value))
  }
  return (
    <Stack gap="xs">
      <Textarea
        aria-label="Schedule JSON"
        data-testid="schedule-json"
        value={text}
        autosize
        minRows={20}
        maxRows={40}
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
        onChange={(e) => {
          const next = e.currentTarget.value
          setText(next)
          const parsed = parseJson(next)
          if ('value' in parsed) {
            setParseError(null)
            setSynced(parsed.value)
            onChange(parsed.value)
          } else setParseError(`Line ${parsed.line}, column ${parsed.column}: ${parsed.error}`)
        }}
        error={parseError}
      />
      {issues.length > 0 && (
        <Alert color="red" variant="light" title="The schedule is not valid" data-testid="json-issues">
          <List size="sm" spacing={2}>
            {issues.map((issue, i) => (
              <List.Item key={i}>
                <Text span ff="monospace" size="xs">
                  {issue.path || '(schedule)'}
                </Text>
                : {issue.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  )
}
