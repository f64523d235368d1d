import { Store } from '../../electron/core/store'

type RunFields = Parameters<Store['runs']['create']>[0]

/**
 * A run made by hand, as `runs.create` from the contract makes one: no experiment, no plan, no
 * parent; the fields a test does not name are blank (pre-training, seed 0, no tags).
 */
export const handRun = (store: Store, fields: Partial<RunFields> = {}) =>
  store.runs.create({ experimentId: null, name: 'r', kind: 'pretrain', config: {}, parentCheckpointId: null, seed: 0, tags: [], notes: '', ...fields })

/** A fresh in-memory store holding one hand-made run: the fixture of the tests of what hangs off a run. */
export function storeWithHandRun(): { store: Store; runId: number } {
  const store = Store.open(':memory:')
  return { store, runId: handRun(store).id }
}
