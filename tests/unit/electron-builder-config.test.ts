import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Configuration } from 'app-builder-lib'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'

const root = join(__dirname, '../..')
const load = () => getConfig(root, join(root, 'electron-builder.yml'), null)
let config: Configuration
beforeAll(async () => {
  config = await load()
}, 60_000)

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema", async () => {
    // (validation normalises the object it is given, so each check gets its own copy)
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBeUndefined()
    await expect(validateConfiguration({ ...(await load()), notAnOption: true } as unknown as Configuration, new DebugLogger(false))).rejects.toThrow(/notAnOption/)
  }, 60_000)

  it('builds an AppImage and a deb, an NSIS installer and a dmg', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.win?.target).toEqual(['nsis'])
    expect(config.mac?.target).toEqual(['dmg'])
  })

  it('unpacks native modules and the wasm binaries, and rebuilds natives for Electron', () => {
    const unpack = config.asarUnpack as string[]
    for (const pattern of ['**/*.node', 'node_modules/better-sqlite3/**', 'node_modules/@tensorflow/tfjs-node-gpu/**', 'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm']) expect(unpack).toContain(pattern)
    expect(config.npmRebuild).toBe(true)
  })

  it('packs the build and the icons, and the package has no postinstall rebuild', () => {
    expect(JSON.stringify(config.files)).toContain('"out/**"')
    for (const icon of [config.win?.icon, config.mac?.icon]) expect(readFileSync(join(root, icon as string)).subarray(1, 4).toString()).toBe('PNG')
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> }
    expect(pkg.main).toBe('out/main/index.js')
    expect(pkg.scripts.postinstall).toBeUndefined()
  })
})
