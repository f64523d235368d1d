import { describe, expect, it, vi } from 'vitest'
import { backendFix, probeBackends, runProbe, toBackendInfo } from '../../electron/core/system/backend-probe'

describe('backend probe', () => {
  it('says what to install for each missing backend', () => {
    expect(backendFix('tfjs-node-gpu', 'not installed')).toMatch(/npm install @tensorflow\/tfjs-node-gpu@4\.22\.0/)
    expect(backendFix('tfjs-node-gpu', 'CUDA libraries not found (tfjs-node-gpu 4.x needs CUDA 11.2 and cuDNN 8.1): libcudart.so.11.0')).toMatch(/CUDA 11\.2 and cuDNN 8\.1/)
    expect(backendFix('tfjs-node-gpu', 'no CUDA device visible')).toMatch(/nvidia-smi/)
    expect(backendFix('tfjs-node', 'not installed')).toMatch(/@tensorflow\/tfjs-node@4\.22\.0/)
    expect(backendFix('wasm', 'failed to load: x')).toBeNull()
  })

  it('caches a good answer and retries after a failure', async () => {
    const run = vi.fn().mockRejectedValueOnce(new Error('no')).mockResolvedValue({ backend: 'wasm', simd: true, device: 'CPU', unavailable: [] })
    await expect(probeBackends(run)).rejects.toThrow('no')
    const info = await probeBackends(run)
    expect(info).toMatchObject({ backend: 'wasm', simd: true })
    expect(await probeBackends(run)).toBe(info)
    expect(run).toHaveBeenCalledTimes(2)
    expect(toBackendInfo({ backend: 'wasm', simd: null, device: 'CPU', unavailable: [{ name: 'tfjs-node-gpu', reason: 'not installed' }] }).unavailable[0]!.fix).toMatch(/npm install/)
  })

  it('reports the backend a worker would get, from a separate process', async () => {
    const result = await runProbe()
    expect(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']).toContain(result.backend)
    if (result.backend === 'wasm') expect(typeof result.simd).toBe('boolean')
    expect(result.device).toMatch(/CPU|GPU/)
    expect(result.unavailable.map((u) => u.name)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'].slice(0, result.unavailable.length))
  }, 90_000)
})
