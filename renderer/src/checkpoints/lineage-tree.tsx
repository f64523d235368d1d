/** The lineage as nested lists of links: run → checkpoints → runs branched from each. */
import { Anchor, Badge, Box, Group, Text } from '@mantine/core'
import { IconBookmark, IconGitBranch } from '@tabler/icons-react'
import { formatCount, formatInteger } from '../format/numbers'
import { hrefFor } from '../routing/routes'
import type { RunNode } from './lineage'

function RunItem({ node, selected, depth }: { node: RunNode; selected: number | null; depth: number }) {
  const replay = node.run.plan?.replay ?? null
  return (
    <li data-run-id={node.run.id}>
      <Group gap={6} wrap="nowrap" py={2}>
        <IconGitBranch size={14} style={{ flexShrink: 0, opacity: 0.6 }} />
        <Anchor href={hrefFor({ page: 'run', runId: node.run.id })} size="sm" fw={600} truncate="end">
          {node.run.name}
        </Anchor>
        <Badge size="xs" variant="light" color={node.run.kind === 'pretrain' ? 'blue' : 'grape'} style={{ flexShrink: 0 }}>
          {node.run.kind}
        </Badge>
        {replay !== null && (
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            replay {+(replay * 100).toFixed(1)}%
          </Text>
        )}
      </Group>
      {node.checkpoints.length === 0 ? (
        <Text size="xs" c="dimmed" pl={22}>
          no checkpoints yet
        </Text>
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, paddingLeft: 14, borderLeft: '1px solid var(--mantine-color-default-border)', marginLeft: 6 }}>
          {node.checkpoints.map(({ checkpoint: c, branches }) => {
            const active = c.id === selected
            return (
              <li key={c.id}>
                <Box
                  component="a"
                  href={hrefFor({ page: 'checkpoint', checkpointId: c.id })}
                  data-checkpoint-id={c.id}
                  aria-current={active ? 'page' : undefined}
                  style={{
                    display: 'flex',
                    gap: 6,
                    alignItems: 'center',
                    padding: '2px 6px',
                    borderRadius: 4,
                    textDecoration: 'none',
                    color: 'inherit',
                    background: active ? 'var(--mantine-primary-color-light)' : undefined,
                  }}
                >
                  <IconBookmark size={13} style={{ flexShrink: 0, opacity: 0.7 }} />
                  <Text size="sm" fw={active ? 600 : 400}>
                    step {formatInteger(c.step)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatCount(c.tokens)} tok · #{c.id}
                  </Text>
                </Box>
                {branches.length > 0 && (
                  <ul style={{ listStyle: 'none', margin: 0, paddingLeft: 14 }}>
                    {branches.map((b) => (
                      <RunItem key={b.run.id} node={b} selected={selected} depth={depth + 1} />
                    ))}
                  </ul>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </li>
  )
}

export function LineageTree({ tree, selected }: { tree: RunNode[]; selected: number | null }) {
  return (
    <ul aria-label="Checkpoint lineage" data-testid="lineage-tree" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {tree.map((node) => (
        <RunItem key={node.run.id} node={node} selected={selected} depth={0} />
      ))}
    </ul>
  )
}
