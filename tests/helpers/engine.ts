import { selectBackend, type BackendName } from '../../electron/core/engine/tf'
import { makeOps, type KernelChoice, type Ops } from '../../electron/core/engine/ops'

/** Switches this test process to a backend; returns the products and kernels for it. */
export async function useBackend(name: BackendName, options: { kernels?: KernelChoice } = {}): Promise<Ops> {
  const choice = await selectBackend(name)
  return makeOps(choice.name, options)
}
