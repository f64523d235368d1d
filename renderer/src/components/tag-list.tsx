import { Badge, Group, Text } from '@mantine/core'

/** Tags as badges; with `max`, the first `max` and a "+N" badge whose hover lists them all (one line per table row). */
export function TagList({ tags, empty = null, max }: { tags: readonly string[]; empty?: string | null; max?: number }) {
  if (tags.length === 0) return empty ? <Text size="sm" c="dimmed">{empty}</Text> : null
  const shown = max !== undefined && tags.length > max ? tags.slice(0, max) : tags
  const rest = tags.length - shown.length
  return (
    <Group gap={4} wrap={max === undefined ? 'wrap' : 'nowrap'} title={rest > 0 ? tags.join(', ') : undefined} style={{ overflow: 'hidden', position: 'relative' }}>
      {shown.map((tag) => (
        <Badge key={tag} color="gray" variant="default" size="sm" fw={400} title={tag} style={max === undefined ? undefined : { flex: '0 1 auto', minWidth: '2.5em' }}>
          {tag}
        </Badge>
      ))}
      {rest > 0 && (
        <Badge color="gray" variant="transparent" size="sm" fw={400} px={2} style={{ flex: 'none' }} data-testid="more-tags" aria-hidden>
          +{rest}
        </Badge>
      )}
      {/* The tags not shown, for a screen reader (and a search of the page): "+2" alone says nothing. */}
      {rest > 0 && <span style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' }}>{tags.slice(shown.length).join(', ')}</span>}
    </Group>
  )
}
