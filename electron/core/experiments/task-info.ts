/**
 * What each evaluated task of an experiment is, for the findings (`TaskInfo`, shared/findings),
 * from the one name lookup (known-tasks.ts): suite tasks with the suite's
 * `learnedInPretraining` flag, imported tasks with the dataset's "learned in pre-training" mark
 * (null when unmarked: the findings then infer it from the base evaluation). `corpus:<name>`
 * rows are corpora (loss, lower is better); any other task in the rows gets its kind from its
 * rows and learned = null.
 */
import { z } from 'zod'
import { inferKind, type TaskInfo } from '../../../shared/findings'
import type { Store } from '../store'
import { evaluationRows } from './evaluation-rows'
import { knownTasks } from './known-tasks'

const SuiteRef = z.object({ suite: z.object({ seed: z.number().int().min(0), scale: z.enum(['tiny', 'small', 'default']) }).nullable().default(null) })

export async function experimentTasks(store: Store, dataDir: string, experimentId: number): Promise<TaskInfo[]> {
  const experiment = store.experiments.get(experimentId)
  const rows = evaluationRows(store, experimentId)
  const ref = SuiteRef.safeParse(experiment.schedule ?? {})
  const known = await knownTasks(store, dataDir, { suite: ref.success ? ref.data.suite : null })
  return [...new Set(rows.map((r) => r.task))].sort().map((task): TaskInfo => {
    if (task.startsWith('corpus:')) return { task, kind: 'corpus', learned: null, higherIsBetter: false }
    const k = known.get(task)
    return k ? { task, kind: k.kind, learned: k.learned, higherIsBetter: true } : { task, kind: inferKind(task, rows), learned: null, higherIsBetter: true }
  })
}
