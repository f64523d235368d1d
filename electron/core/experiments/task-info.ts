/**
 * What each task of an experiment is, for the findings (`TaskInfo`, shared/findings): suite
 * tasks from the suite's `learnedInPretraining` flag, imported tasks from the dataset's
 * "learned in pre-training" mark (null when unmarked: the findings then infer it from the base
 * evaluation), `corpus:<name>` rows as corpora (loss, lower is better). Any other task seen in
 * the evaluation rows gets its kind from its rows and learned = null.
 */
import { z } from 'zod'
import { inferKind, type TaskInfo } from '../../../shared/findings'
import type { Dataset } from '../../../shared'
import type { Store } from '../store'
import { evaluationRows } from './evaluation-rows'
import { ensureSuite } from './suites'

const SuiteRef = z.object({ suite: z.object({ seed: z.number().int().min(0), scale: z.enum(['tiny', 'small', 'default']) }).nullable().optional() })
const TaskKindMeta = z.object({ taskKind: z.enum(['classification', 'generation']) })

/** The dataset's mark, when the store keeps one (a boolean `learned`). */
function markOf(d: Dataset): boolean | null {
  return 'learned' in d && typeof d.learned === 'boolean' ? d.learned : null
}

export async function experimentTasks(store: Store, dataDir: string, experimentId: number): Promise<TaskInfo[]> {
  const experiment = store.experiments.get(experimentId)
  const rows = evaluationRows(store, experimentId)
  const names = new Set(rows.map((r) => r.task))
  const info = new Map<string, TaskInfo>()
  const ref = SuiteRef.safeParse(experiment.schedule ?? {})
  const suite = ref.success ? ref.data.suite : null
  if (suite) {
    const { manifest } = await ensureSuite(dataDir, suite.seed, suite.scale)
    for (const t of manifest.tasks) {
      const kind = t.kind === 'classification' ? 'classification' : 'generation'
      info.set(t.id, { task: t.id, kind, learned: t.learnedInPretraining, higherIsBetter: true })
    }
  }
  const datasets = new Map(store.datasets.list().filter((d) => d.kind === 'task').map((d) => [d.name, d]))
  for (const name of names) {
    if (info.has(name)) continue
    if (name.startsWith('corpus:')) {
      info.set(name, { task: name, kind: 'corpus', learned: null, higherIsBetter: false })
      continue
    }
    const d = datasets.get(name)
    const meta = d ? TaskKindMeta.safeParse(d.meta) : null
    info.set(name, { task: name, kind: meta?.success ? meta.data.taskKind : inferKind(name, rows), learned: d ? markOf(d) : null, higherIsBetter: true })
  }
  // Suite tasks never evaluated stay out: a finding reads only tasks with rows.
  return [...info.values()].filter((t) => names.has(t.task)).sort((a, b) => a.task.localeCompare(b.task))
}
