import { selectBackend, type BackendName } from '../../electron/core/engine/tf'
import { configureOps, type KernelChoice } from '../../electron/core/engine/ops'

/** Switches this test process to a backend and the matching matmul strategy. */
export async function useBackend(name: BackendName, options: { kernels?: KernelChoice } = {}): Promise<void> {
  const choice = await selectBackend(name)
  configureOps(choice.name, options)
}
