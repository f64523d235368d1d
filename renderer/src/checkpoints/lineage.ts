/**
 * The checkpoint lineage as a tree: each pre-training (or otherwise root) run → its
 * checkpoints → the runs branched from each checkpoint → their checkpoints, and so on.
 */
import type { Checkpoint } from '../../../shared/schemas/checkpoint'
import type { RunSummary } from '../../../shared/schemas/run'

export interface RunNode {
  run: RunSummary
  checkpoints: CheckpointNode[]
}
export interface CheckpointNode {
  checkpoint: Checkpoint
  branches: RunNode[]
}

export function lineageTree(runs: readonly RunSummary[], checkpoints: readonly Checkpoint[]): RunNode[] {
  const byRun = new Map<number, Checkpoint[]>()
  for (const c of checkpoints) byRun.set(c.runId, [...(byRun.get(c.runId) ?? []), c])
  const knownCheckpoints = new Set(checkpoints.map((c) => c.id))
  const children = new Map<number, RunSummary[]>()
  for (const r of runs) if (r.parentCheckpointId !== null && knownCheckpoints.has(r.parentCheckpointId)) children.set(r.parentCheckpointId, [...(children.get(r.parentCheckpointId) ?? []), r])
  const seen = new Set<number>()
  const runNode = (run: RunSummary): RunNode => {
    seen.add(run.id)
    return {
      run,
      checkpoints: (byRun.get(run.id) ?? [])
        .sort((a, b) => a.step - b.step)
        .map((checkpoint) => ({ checkpoint, branches: (children.get(checkpoint.id) ?? []).filter((r) => !seen.has(r.id)).sort((a, b) => a.id - b.id).map(runNode) })),
    }
  }
  // Roots: runs not branched from a checkpoint we know (evaluation runs hold no checkpoints of their own).
  return runs
    .filter((r) => (r.parentCheckpointId === null || !knownCheckpoints.has(r.parentCheckpointId)) && r.kind !== 'evaluate')
    .filter((r) => (byRun.get(r.id)?.length ?? 0) > 0 || r.kind === 'pretrain')
    .sort((a, b) => a.id - b.id)
    .map(runNode)
}

/** Runs (and their checkpoints) a deletion of this checkpoint would orphan, for the confirmation. */
export function branchesOf(tree: readonly RunNode[], checkpointId: number): RunSummary[] {
  for (const node of tree) {
    for (const c of node.checkpoints) {
      if (c.checkpoint.id === checkpointId) return c.branches.map((b) => b.run)
      const deeper = branchesOf(c.branches, checkpointId)
      if (deeper.length) return deeper
    }
  }
  return []
}
