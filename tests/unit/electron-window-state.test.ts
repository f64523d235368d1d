import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { clampWindowState, DEFAULT_SIZE, MIN_SIZE, parseWindowState, type Rect } from '../../electron/main/window-state'
import { readSettings, resolveDataDir, settingsPath, updateSettings } from '../../electron/main/settings-file'
import { createDataFolderControl } from '../../electron/main/data-folder-control'

const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1050 }
const rightMonitor: Rect = { x: 1920, y: 0, width: 2560, height: 1400 }

describe('window state', () => {
  it('parses only well-formed states', () => {
    expect(parseWindowState({ x: 10, y: 20, width: 1000, height: 700, maximized: true })).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: true })
    expect(parseWindowState({ width: 1000, height: 700 })).toEqual({ width: 1000, height: 700, maximized: false })
    expect(parseWindowState({ width: -1, height: 700 })).toBeNull()
    expect(parseWindowState({ width: '1000', height: 700 })).toBeNull()
    expect(parseWindowState({ x: Number.NaN, y: 0, width: 1000, height: 700 })).toEqual({ width: 1000, height: 700, maximized: false })
    expect(parseWindowState(null)).toBeNull()
  })

  it('keeps a position that is on a display', () => {
    expect(clampWindowState({ x: 2000, y: 100, width: 1600, height: 1000, maximized: false }, [laptop, rightMonitor])).toEqual({ x: 2000, y: 100, width: 1600, height: 1000, maximized: false })
  })

  it('centres a window whose display is gone', () => {
    expect(clampWindowState({ x: 2000, y: 100, width: 1600, height: 1000, maximized: true }, [laptop])).toEqual({ width: 1600, height: 1000, maximized: true })
  })

  it('shrinks a window larger than its display and pulls it inside', () => {
    expect(clampWindowState({ x: 1800, y: -50, width: 3000, height: 2000, maximized: false }, [laptop])).toEqual({ x: 0, y: 0, width: 1920, height: 1050, maximized: false })
  })

  it('uses the default size without a stored state, and no smaller than the minimum', () => {
    expect(clampWindowState(null, [laptop])).toEqual({ ...DEFAULT_SIZE, maximized: false })
    expect(clampWindowState({ width: 100, height: 100, maximized: false }, [laptop])).toEqual({ ...MIN_SIZE, maximized: false })
  })

  it('always returns bounds that fit on a display (property)', () => {
    const rect = fc.record({ x: fc.integer({ min: -5000, max: 5000 }), y: fc.integer({ min: -5000, max: 5000 }), width: fc.integer({ min: 800, max: 4000 }), height: fc.integer({ min: 500, max: 3000 }) })
    fc.assert(
      fc.property(fc.array(rect, { minLength: 1, maxLength: 3 }), rect, (areas, stored) => {
        const out = clampWindowState({ ...stored, maximized: false }, areas)
        if (out.x === undefined) {
          expect(out.width).toBeLessThanOrEqual(Math.max(areas[0]!.width, MIN_SIZE.width))
          return
        }
        const host = areas.find((a) => out.x! >= a.x && out.y! >= a.y && out.x! + out.width <= a.x + a.width && out.y! + out.height <= a.y + a.height)
        expect(host).toBeDefined()
      }),
    )
  })
})

describe('settings file', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('reads defaults from a missing or broken file and writes atomically', () => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-settings-'))
    const file = settingsPath(dir)
    expect(readSettings(file)).toEqual({ window: null, dataDir: null })
    writeFileSync(file, '{not json')
    expect(readSettings(file)).toEqual({ window: null, dataDir: null })
    updateSettings(file, (s) => ({ ...s, window: { x: 1, y: 2, width: 1000, height: 700, maximized: false } }))
    expect(JSON.parse(readFileSync(file, 'utf8')).window).toEqual({ x: 1, y: 2, width: 1000, height: 700, maximized: false })
    writeFileSync(file, JSON.stringify({ dataDir: 'relative/path' }))
    expect(readSettings(file).dataDir).toBeNull()
  })

  it('resolves the data folder: environment, then Settings, then the default', () => {
    expect(resolveDataDir({ CONTINUUM_DATA_DIR: '/env' }, { window: null, dataDir: '/chosen' }, '/default')).toEqual({ dataDir: '/env', source: 'env' })
    expect(resolveDataDir({}, { window: null, dataDir: '/chosen' }, '/default')).toEqual({ dataDir: '/chosen', source: 'settings' })
    expect(resolveDataDir({}, { window: null, dataDir: null }, '/default')).toEqual({ dataDir: '/default', source: 'default' })
  })

  it('changes the data folder for the next start and refuses bad folders', () => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-settings-'))
    const file = settingsPath(dir)
    const control = createDataFolderControl({ settingsFile: file, current: join(dir, 'default'), defaultDir: join(dir, 'default'), fromEnv: false })
    expect(control.state()).toMatchObject({ next: null, changeable: true })
    const other = join(dir, 'elsewhere')
    expect(control.set(other)).toMatchObject({ current: join(dir, 'default'), next: other })
    expect(readSettings(file).dataDir).toBe(other)
    expect(() => control.set('relative')).toThrow(/absolute/)
    expect(control.set(null)).toMatchObject({ next: null })
    expect(readSettings(file).dataDir).toBeNull()
    const fixed = createDataFolderControl({ settingsFile: file, current: '/env', defaultDir: '/d', fromEnv: true })
    expect(fixed.state()).toMatchObject({ changeable: false })
    expect(() => fixed.set(other)).toThrow(/CONTINUUM_DATA_DIR/)
  })
})
