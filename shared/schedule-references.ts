/**
 * What a schedule names outside itself: imported corpora and tasks. The schema cannot know
 * them (they live in the store), so they are checked against a catalog before anything is
 * created or estimated, each unknown name reported at its field.
 */
import type { CorpusRef, ExperimentSchedule } from './schemas/schedule'

export interface ScheduleCatalog {
  /** Task names a schedule may fine-tune and evaluate on. */
  tasks: ReadonlySet<string>
  /** Names of imported corpus datasets. */
  corpora: ReadonlySet<string>
}

export interface ReferenceIssue {
  path: (string | number)[]
  message: string
}

const listed = (names: ReadonlySet<string>, none: string) => {
  const all = [...names].sort()
  if (all.length === 0) return none
  return all.length <= 12 ? all.join(', ') : `${all.slice(0, 12).join(', ')} and ${all.length - 12} more`
}

export function scheduleReferenceIssues(s: ExperimentSchedule, catalog: ScheduleCatalog): ReferenceIssue[] {
  const issues: ReferenceIssue[] = []
  const corpus = (ref: CorpusRef, path: (string | number)[]) => {
    if (ref !== 'suite' && !catalog.corpora.has(ref.dataset))
      issues.push({ path: [...path, 'dataset'], message: `unknown corpus dataset "${ref.dataset}" (imported corpora: ${listed(catalog.corpora, 'none; import one with datasets.importCorpus')})` })
  }
  const tasks = (names: readonly string[], path: (string | number)[]) =>
    names.forEach((name, i) => {
      if (!catalog.tasks.has(name)) issues.push({ path: [...path, i], message: `unknown task "${name}" (known: ${listed(catalog.tasks, 'none; set "suite" or import a task')})` })
    })

  corpus(s.pretrain.corpus, ['pretrain', 'corpus'])
  s.continual.forEach((c, i) => corpus(c.corpus, ['continual', i, 'corpus']))
  s.branches.forEach((b, i) => {
    tasks(b.tasks, ['branches', i, 'tasks'])
    tasks(b.eval.tasks, ['branches', i, 'eval', 'tasks'])
    corpus(b.replayCorpus, ['branches', i, 'replayCorpus'])
  })
  s.sequences.forEach((q, i) => {
    tasks(q.tasks, ['sequences', i, 'tasks'])
    tasks(q.eval.tasks, ['sequences', i, 'eval', 'tasks'])
  })
  if (s.baseEval) tasks(s.baseEval.tasks, ['baseEval', 'tasks'])
  return issues
}
