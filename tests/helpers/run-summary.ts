/** A RunSummary as `runs.list` returns one for a run not started yet, with the fields a test sets. */
import type { RunSummary } from '../../shared/schemas/run'

export const runSummary = (p: Pick<RunSummary, 'id' | 'name' | 'kind' | 'plan'> & Partial<RunSummary>): RunSummary => ({
  experimentId: 1,
  status: 'queued',
  config: {},
  parentCheckpointId: null,
  backend: null,
  backendDetail: null,
  seed: 0,
  tags: [],
  notes: '',
  createdAt: 0,
  startedAt: null,
  finishedAt: null,
  updatedAt: 0,
  tokensSeen: 0,
  lastStep: null,
  checkpointCount: 0,
  ...p,
})
