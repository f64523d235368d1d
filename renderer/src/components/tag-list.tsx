import { Badge, Group, Text } from '@mantine/core'

export function TagList({ tags, empty = null }: { tags: readonly string[]; empty?: string | null }) {
  if (tags.length === 0) return empty ? <Text size="sm" c="dimmed">{empty}</Text> : null
  return (
    <Group gap={4} wrap="wrap">
      {tags.map((tag) => (
        <Badge key={tag} color="gray" variant="default" size="sm" fw={400}>
          {tag}
        </Badge>
      ))}
    </Group>
  )
}
