/**
 * The Electron shell: one window, the contract over IPC, the database in the data folder,
 * training workers as utility processes. The logic lives in pure modules beside this one
 * (window options, CSP, window state, settings, menu, quit) and in electron/core.
 */
import { join } from 'node:path'
import { app, BrowserWindow, Menu, screen, session, shell } from 'electron'
import { defaultDataDir } from '../core/paths'
import { openService, type Service } from '../core/service'
import { isAppPageUrl, withCspHeader } from './csp'
import { createDataFolderControl } from './data-folder-control'
import { safeExternalUrl } from './external-links'
import { serveContractOverIpc } from './ipc'
import { pickDatasetFile } from './file-dialog'
import { menuTemplate } from './menu-template'
import { handleQuit } from './quit'
import { readSettings, resolveDataDir, settingsPath, updateSettings } from './settings-file'
import { utilityLauncher } from './utility-launcher'
import { windowOptions } from './window-options'
import { clampWindowState, type WindowState } from './window-state'

const devServerUrl = process.env.ELECTRON_RENDERER_URL
let service: Service | undefined
let mainWindow: BrowserWindow | undefined

const openExternal = (url: string): void => {
  const safe = safeExternalUrl(url)
  if (safe) void shell.openExternal(safe)
}

function createWindow(settingsFile: string): BrowserWindow {
  const areas = screen.getAllDisplays().map((d) => d.workArea)
  const primary = screen.getPrimaryDisplay().workArea
  const bounds = clampWindowState(readSettings(settingsFile).window, [primary, ...areas.filter((a) => a !== primary)])
  const { maximized, ...rect } = bounds
  const window = new BrowserWindow({ ...windowOptions(join(__dirname, '../preload/index.js')), ...rect })
  if (maximized) window.maximize()
  window.once('ready-to-show', () => window.show())
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternal(url)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event) => event.preventDefault())
  window.webContents.on('will-redirect', (event) => event.preventDefault())
  window.on('close', () => {
    const state: WindowState = { ...window.getNormalBounds(), maximized: window.isMaximized() }
    try {
      updateSettings(settingsFile, (s) => ({ ...s, window: state }))
    } catch (error) {
      console.warn(`[continuum] could not save the window position: ${error instanceof Error ? error.message : String(error)}`)
    }
  })
  if (devServerUrl) void window.loadURL(devServerUrl)
  else void window.loadFile(join(__dirname, '../renderer/index.html'))
  return window
}

function secureSession(): void {
  const ses = session.defaultSession
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (isAppPageUrl(details.url, devServerUrl)) callback({ responseHeaders: withCspHeader(details.responseHeaders) })
    else callback({})
  })
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })
  // Every web contents (including any created later) is denied navigation, new windows and permissions.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault())
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      openExternal(url)
      return { action: 'deny' }
    })
    contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  })
  void app.whenReady().then(() => {
    secureSession()
    const settingsFile = settingsPath(app.getPath('userData'))
    const defaultDir = defaultDataDir({ ...process.env, CONTINUUM_DATA_DIR: '' })
    const { dataDir, source } = resolveDataDir(process.env, readSettings(settingsFile), defaultDir)
    service = openService(dataDir, {
      role: 'app',
      launcher: utilityLauncher,
      dataFolder: createDataFolderControl({ settingsFile, current: dataDir, defaultDir, fromEnv: source === 'env' }),
      pickFile: () => pickDatasetFile(() => mainWindow),
    })
    serveContractOverIpc(service, () => mainWindow?.webContents)
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ platform: process.platform, development: !app.isPackaged, openExternal })))
    mainWindow = createWindow(settingsFile)
    mainWindow.on('closed', () => (mainWindow = undefined))
  })
  app.on('window-all-closed', () => app.quit())
  handleQuit(app, () => service, { log: (m) => console.warn(`[continuum] ${m}`) })
  // SIGINT / SIGTERM (a terminal's Ctrl-C under `npm start`, a session logout) quit the same way:
  // running jobs pause at a checkpoint first (quit.ts).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit())
}
