/**
 * Runs as a tree: pre-training runs with their fine-tunes (and evaluations) beneath. A run's
 * parent is the run that owns its `parentCheckpointId`; before a fine-tune has started (no
 * checkpoint yet) its planned `init.job` is matched to a sibling's plan key in the same
 * experiment.
 */
import type { RunSummary } from '../../../shared/schemas/run'

export interface RunNode {
  run: RunSummary
  depth: number
  children: RunNode[]
}

export function parentOf(run: RunSummary, checkpointOwner: ReadonlyMap<number, number>, byKey: ReadonlyMap<string, number>): number | null {
  if (run.parentCheckpointId !== null) {
    const owner = checkpointOwner.get(run.parentCheckpointId)
    if (owner !== undefined) return owner
  }
  const init = run.plan?.init
  if (init?.from === 'job' && run.experimentId !== null) return byKey.get(`${run.experimentId}:${init.job}`) ?? null
  return null
}

/** Roots in the given order; children under their parent, in the given order too. */
export function buildRunTree(runs: readonly RunSummary[], checkpointOwner: ReadonlyMap<number, number>): RunNode[] {
  const byKey = new Map<string, number>()
  for (const run of runs) {
    const key = run.plan?.key
    if (key && run.experimentId !== null) byKey.set(`${run.experimentId}:${key}`, run.id)
  }
  const present = new Set(runs.map((r) => r.id))
  const nodes = new Map(runs.map((run) => [run.id, { run, depth: 0, children: [] as RunNode[] }]))
  const roots: RunNode[] = []
  for (const run of runs) {
    const parent = parentOf(run, checkpointOwner, byKey)
    const node = nodes.get(run.id)!
    if (parent !== null && parent !== run.id && present.has(parent)) nodes.get(parent)!.children.push(node)
    else roots.push(node)
  }
  const setDepth = (node: RunNode, depth: number, seen: Set<number>) => {
    if (seen.has(node.run.id)) return
    seen.add(node.run.id)
    node.depth = depth
    for (const child of node.children) setDepth(child, depth + 1, seen)
  }
  const seen = new Set<number>()
  for (const root of roots) setDepth(root, 0, seen)
  return roots
}

/** The visible rows, depth first, skipping the children of collapsed runs. */
export function flattenTree(roots: readonly RunNode[], collapsed: ReadonlySet<number>): RunNode[] {
  const out: RunNode[] = []
  const visit = (node: RunNode, seen: Set<number>) => {
    if (seen.has(node.run.id)) return
    seen.add(node.run.id)
    out.push(node)
    if (!collapsed.has(node.run.id)) for (const child of node.children) visit(child, seen)
  }
  const seen = new Set<number>()
  for (const root of roots) visit(root, seen)
  return out
}
