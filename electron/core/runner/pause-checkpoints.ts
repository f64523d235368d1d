/**
 * A completed run no longer needs the checkpoints its pauses saved: they were kept only to
 * resume from. Each is dropped, files and row, unless a user pinned it or a run branched
 * from it. Failing to remove a folder leaves the row gone and says so (a stray folder is
 * disk space, not a wrong result).
 */
import { rmSync } from 'node:fs'
import type { Store } from '../store'

export function dropPauseCheckpoints(store: Store, runId: number, warn: (message: string) => void): number[] {
  const dropped: number[] = []
  for (const checkpoint of store.checkpoints.droppablePauses(runId)) {
    store.checkpoints.delete(checkpoint.id)
    dropped.push(checkpoint.id)
    try {
      rmSync(checkpoint.path, { recursive: true, force: true })
    } catch (error) {
      warn(`could not remove the pause checkpoint folder ${checkpoint.path}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  return dropped
}
