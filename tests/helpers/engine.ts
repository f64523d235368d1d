import { selectBackend, type BackendName } from '../../electron/core/engine/tf'
import { configureOps } from '../../electron/core/engine/ops'

/** Switches this test process to a backend and the matching matmul strategy. */
export async function useBackend(name: BackendName, options: { attention?: 'kernel' | 'ops' } = {}): Promise<void> {
  const choice = await selectBackend(name)
  configureOps(choice.name, options)
}
