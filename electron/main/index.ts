/**
 * The Electron shell: one window, the contract over IPC, the database in the data folder.
 * Everything else lives in electron/core and runs without Electron.
 */
import { join } from 'node:path'
import { app, BrowserWindow, shell } from 'electron'
import { defaultDataDir } from '../core/paths'
import { openService, type Service } from '../core/service'
import { serveContractOverIpc } from './ipc'
import { windowOptions } from './window-options'

let service: Service | undefined
let mainWindow: BrowserWindow | undefined

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(windowOptions(join(__dirname, '../preload/index.js')))
  window.once('ready-to-show', () => window.show())
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event) => event.preventDefault())
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void window.loadFile(join(__dirname, '../renderer/index.html'))
  return window
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })
  void app.whenReady().then(() => {
    service = openService(process.env.CONTINUUM_DATA_DIR ?? defaultDataDir())
    serveContractOverIpc(service, () => mainWindow?.webContents)
    app.on('web-contents-created', (_event, contents) => {
      contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
    })
    mainWindow = createWindow()
  })
  app.on('window-all-closed', () => app.quit())
  app.on('will-quit', () => service?.close())
}
