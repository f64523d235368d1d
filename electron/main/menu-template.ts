/**
 * The application menu as plain data (Electron's MenuItemConstructorOptions shape), so it is
 * unit-tested without Electron. Developer tools appear only in development builds.
 */
import type { MenuItemConstructorOptions } from 'electron'

export const HELP_LINKS = [
  { label: 'Amuro & Char (arXiv 2408.06663)', url: 'https://arxiv.org/abs/2408.06663' },
  { label: 'Replay in continual pre-training (arXiv 2403.08763)', url: 'https://arxiv.org/abs/2403.08763' },
  { label: 'TensorFlow.js GPU set-up (CUDA 11.2, cuDNN 8.1)', url: 'https://www.tensorflow.org/install/gpu' },
] as const

export interface MenuOptions {
  platform: NodeJS.Platform
  development: boolean
  openExternal(url: string): void
}

export function menuTemplate({ platform, development, openExternal }: MenuOptions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ]
  if (development) view.unshift({ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' })
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : [{ role: 'fileMenu' } as MenuItemConstructorOptions]),
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: HELP_LINKS.map((link) => ({ label: link.label, click: () => openExternal(link.url) })),
    },
  ]
}
