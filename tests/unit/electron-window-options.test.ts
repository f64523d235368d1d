import { describe, expect, it, vi } from 'vitest'
import { windowOptions } from '../../electron/main/window-options'
import { HELP_LINKS, menuTemplate } from '../../electron/main/menu-template'
import { isAppUrl, isTrustedSender } from '../../electron/main/sender'
import { safeExternalUrl } from '../../electron/main/external-links'

describe('window options', () => {
  it('isolate the page from Node and the preload', () => {
    const o = windowOptions('/app/out/preload/index.js')
    expect(o.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    })
    expect(o.webPreferences?.nodeIntegrationInWorker).toBeFalsy()
    expect(o.webPreferences?.nodeIntegrationInSubFrames).toBeFalsy()
    expect(o.webPreferences?.experimentalFeatures).toBeFalsy()
    expect(o.show).toBe(false)
  })
})

describe('sender check', () => {
  const window = { id: 7 }
  const event = (url: string, parent: unknown = null, id = 7) => ({ sender: { id }, senderFrame: { url, parent } })

  it('accepts only the main frame of our own window showing an app page', () => {
    expect(isTrustedSender(event('file:///app/out/renderer/index.html'), window)).toBe(true)
    expect(isTrustedSender(event('http://localhost:5173/'), window)).toBe(true)
    expect(isTrustedSender(event('file:///app/index.html', {}), window)).toBe(false)
    expect(isTrustedSender(event('file:///app/index.html', null, 8), window)).toBe(false)
    expect(isTrustedSender(event('https://evil.example/'), window)).toBe(false)
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, window)).toBe(false)
  })

  it('knows the app URLs', () => {
    expect(isAppUrl('http://127.0.0.1:5173/')).toBe(true)
    expect(isAppUrl('http://192.168.1.2:5173/')).toBe(false)
    expect(isAppUrl('data:text/html,hi')).toBe(false)
    expect(isAppUrl('garbage')).toBe(false)
  })
})

describe('application menu', () => {
  const roles = (items: ReturnType<typeof menuTemplate>) => JSON.stringify(items, (_k, v: unknown) => (typeof v === 'function' ? undefined : v))

  it('has the standard roles, and dev tools only in development', () => {
    const production = menuTemplate({ platform: 'darwin', development: false, openExternal: () => {} })
    expect(production.map((i) => i.role ?? i.label)).toEqual(['appMenu', 'editMenu', 'View', 'windowMenu', 'help'])
    expect(roles(production)).not.toContain('toggleDevTools')
    expect(roles(production)).not.toContain('reload')
    const dev = menuTemplate({ platform: 'linux', development: true, openExternal: () => {} })
    expect(dev[0]!.role).toBe('fileMenu')
    expect(roles(dev)).toContain('toggleDevTools')
  })

  it('opens the help links externally', () => {
    const open = vi.fn()
    const help = menuTemplate({ platform: 'linux', development: false, openExternal: open }).at(-1)!
    const items = help.submenu as { label: string; click: () => void }[]
    expect(items.map((i) => i.label)).toEqual(HELP_LINKS.map((l) => l.label))
    items[0]!.click()
    expect(open).toHaveBeenCalledWith(HELP_LINKS[0].url)
    for (const link of HELP_LINKS) expect(link.url).toMatch(/^https:\/\//)
  })
})

describe('external links', () => {
  it('opens only plain https links in the browser', () => {
    expect(safeExternalUrl('https://arxiv.org/abs/2408.06663')).toBe('https://arxiv.org/abs/2408.06663')
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.com/', 'nonsense'])
      expect(safeExternalUrl(url)).toBeNull()
  })
})
