/** Runs as a tree: a fine-tune under the run that saved its checkpoint, or, before it starts, under its planned parent job. */
import { describe, expect, it } from 'vitest'
import { buildRunTree, flattenTree } from '../../renderer/src/experiments/run-tree'
import type { RunSummary } from '../../shared/schemas/run'
import { seededPlan } from '../helpers/plan'
import { runSummary } from '../helpers/run-summary'

const run = (id: number, key: string, parentCheckpointId: number | null, initJob?: string): RunSummary => {
  const kind = initJob || parentCheckpointId !== null ? 'finetune' : 'pretrain'
  return runSummary({ id, name: key, kind, parentCheckpointId, plan: seededPlan({ key, kind, ...(initJob ? { init: { from: 'job', job: initJob, step: 100 } } : {}) }) })
}

describe('run tree', () => {
  // Run 1 saved checkpoint 10; run 2 started from it; run 3 is planned from job "pretrain" and
  // has no checkpoint yet; run 4 starts from run 2's checkpoint 20; run 5 stands alone.
  const runs = [run(1, 'pretrain', null), run(2, 'ft-a', 10), run(3, 'ft-b', null, 'pretrain'), run(4, 'ft-a2', 20), run(5, 'other', null)]
  const owners = new Map([
    [10, 1],
    [20, 2],
  ])

  it('nests runs under their parents with depths', () => {
    const roots = buildRunTree(runs, owners)
    expect(roots.map((r) => r.run.id)).toEqual([1, 5])
    expect(roots[0]!.children.map((c) => c.run.id)).toEqual([2, 3])
    expect(roots[0]!.children[0]!.children.map((c) => [c.run.id, c.depth])).toEqual([[4, 2]])
  })

  it('lists the visible rows depth first, without the children of collapsed runs', () => {
    const roots = buildRunTree(runs, owners)
    expect(flattenTree(roots, new Set()).map((n) => n.run.id)).toEqual([1, 2, 4, 3, 5])
    expect(flattenTree(roots, new Set([2])).map((n) => n.run.id)).toEqual([1, 2, 3, 5])
    expect(flattenTree(roots, new Set([1])).map((n) => n.run.id)).toEqual([1, 5])
  })

  it('keeps a run whose parent is not listed at the top', () => {
    const roots = buildRunTree([runs[3]!, runs[4]!], owners)
    expect(roots.map((r) => [r.run.id, r.depth])).toEqual([
      [4, 0],
      [5, 0],
    ])
  })
})
