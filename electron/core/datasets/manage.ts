/**
 * What the Datasets page does with a dataset besides importing it: preview its first records,
 * change the researcher's "learned in pre-training" mark, and delete it, which is refused
 * while any experiment's schedule names it (its runs would no longer resume or evaluate).
 */
import { readFile, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { ExperimentSchedule, type CorpusRef, type Dataset } from '../../../shared'
import { AppError } from '../errors'
import type { Store } from '../store'
import { readTaskDefinition } from '../jobs/eval-tasks'
import { taskDefinitionPath } from './import-task'

export interface PreviewRecord {
  split: string
  input: string
  answer: string
}

export interface Preview {
  /** Corpus: the first characters; tasks: the first records of each split. */
  text: string | null
  records: PreviewRecord[]
}

const PREVIEW_CHARS = 2000

export async function previewDataset(store: Store, id: number, limit: number): Promise<Preview> {
  const d = store.datasets.get(id)
  if (d.kind === 'corpus') {
    const text = await readFile(d.path, 'utf8').catch(() => {
      throw new AppError('IO', `The dataset's file ${d.path} cannot be read.`)
    })
    return { text: text.slice(0, PREVIEW_CHARS), records: [] }
  }
  const def = await readTaskDefinition(taskDefinitionPath(d.path))
  const records = (['train', 'test', 'ood'] as const).flatMap((split) =>
    def.splits[split].slice(0, limit).map((e) => ({ split, input: e.input, answer: e.label ?? e.target ?? '' })),
  )
  return { text: null, records }
}

const corpusName = (c: CorpusRef | undefined) => (c && c !== 'suite' ? c.dataset : null)

/** Every experiment whose schedule names the dataset, as a corpus or a task. */
export function experimentsUsing(store: Store, name: string): string[] {
  return store.experiments.list().flatMap((e) => {
    const parsed = ExperimentSchedule.safeParse(e.schedule)
    if (!parsed.success) return []
    const s = parsed.data
    const corpora = [corpusName(s.pretrain.corpus), ...s.continual.map((c) => corpusName(c.corpus)), ...s.branches.map((b) => corpusName(b.replayCorpus))]
    const tasks = [...s.branches.flatMap((b) => [...b.tasks, ...b.eval.tasks]), ...s.sequences.flatMap((q) => [...q.tasks, ...q.eval.tasks]), ...(s.baseEval?.tasks ?? [])]
    return corpora.includes(name) || tasks.includes(name) || tasks.includes(`corpus:${name}`) ? [e.name] : []
  })
}

export async function deleteDataset(store: Store, id: number): Promise<Dataset> {
  const d = store.datasets.get(id)
  const users = experimentsUsing(store, d.name)
  if (users.length > 0) throw new AppError('CONFLICT', `"${d.name}" is used by the experiment${users.length === 1 ? '' : 's'} ${users.map((u) => `"${u}"`).join(', ')}; it cannot be deleted while they exist.`)
  store.datasets.delete(id)
  await rm(dirname(d.path), { recursive: true, force: true })
  return d
}
