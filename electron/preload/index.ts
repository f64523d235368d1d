/// <reference lib="dom" />
/**
 * The preload bridge. It exposes one capability to the page: open a MessagePort to the main
 * process, over which the renderer speaks the typed contract. The port reaches the page by
 * window.postMessage because ports cannot cross contextBridge.
 */
import { contextBridge, ipcRenderer } from 'electron'

const RPC_CHANNEL = 'continuum:rpc'
const PORT_MESSAGE = 'continuum:rpc-port'

contextBridge.exposeInMainWorld('continuum', {
  transport: 'ipc',
  connect(): void {
    const { port1, port2 } = new MessageChannel()
    ipcRenderer.postMessage(RPC_CHANNEL, null, [port1])
    window.postMessage(PORT_MESSAGE, window.location.origin, [port2])
  },
})
