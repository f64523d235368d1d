/**
 * Who runs this data folder's jobs. Only one process on a folder trains (it holds the lock);
 * another (the CLI, a second server) makes this window a reader whose pause / resume / cancel
 * are passed on to that owner. A queue that stopped (the disk is full) is reported here too.
 */
import { Badge, Tooltip } from '@mantine/core'
import type { FolderOwner } from '../../../shared'
import { useApi } from '../api/api-context'
import { useAppEvents } from '../api/events-context'
import { useQuery } from '../api/use-query'
import { showNotice } from '../api/notices'

const ROLE: Record<FolderOwner['role'], string> = { cli: 'CLI', serve: 'npm run serve', app: 'desktop app' }
/** Short enough for the header at 1024 px. */
const SHORT: Record<FolderOwner['role'], string> = { cli: 'CLI', serve: 'serve', app: 'app' }

export function ownerLabel(owner: FolderOwner): { label: string; help: string } {
  if (owner.self) return { label: 'Runner: this window', help: 'This window’s process runs the data folder’s jobs.' }
  if (owner.pid === 0) return { label: 'Runner: none', help: 'The owner of this data folder just stopped; this process takes over within a second.' }
  const since = new Date(owner.startedAt).toLocaleString()
  return {
    label: `Runner: ${SHORT[owner.role]} pid ${owner.pid} on ${owner.host} · read-only`,
    help: `The ${ROLE[owner.role]} (pid ${owner.pid} on ${owner.host}, since ${since}) runs this data folder’s jobs. Progress here is live; pause, resume and cancel are passed on to it. This window takes over when it stops.`,
  }
}

export function OwnerBadge() {
  const client = useApi()
  const owner = useQuery('find who runs the jobs', 'owner', () => client.system.owner())
  useAppEvents((event) => {
    if (event.type === 'owner.changed') owner.refetch()
    if (event.type === 'runner.error') showNotice({ id: `runner-error:${event.message}`, color: 'red', title: 'Training stopped', message: event.message, autoClose: false })
  })
  if (!owner.data) return null
  const { label, help } = ownerLabel(owner.data)
  return (
    <Tooltip label={help} multiline w={300} openDelay={200}>
      <Badge color={owner.data.self ? 'gray' : 'orange'} variant="light" size="lg" tt="none" fw={500} maw={420} data-testid="owner-badge" data-self={owner.data.self} tabIndex={0}>
        {label}
      </Badge>
    </Tooltip>
  )
}
