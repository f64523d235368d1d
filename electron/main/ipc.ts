/**
 * The only module that touches ipcMain. A renderer asks for an RPC port; the port is served
 * by the same router as the web host, after checking the message came from our own window's
 * main frame.
 */
import { ipcMain, type IpcMainEvent, type WebContents } from 'electron'
import { RPCHandler } from '@orpc/server/message-port'
import { router, rpcErrorInterceptor, type Service } from '../core/service'
import { isTrustedSender } from './sender'

export const RPC_CHANNEL = 'continuum:rpc'

export function serveContractOverIpc(service: Service, trusted: () => WebContents | undefined): void {
  const handler = new RPCHandler(router, { clientInterceptors: [rpcErrorInterceptor] })
  ipcMain.on(RPC_CHANNEL, (event: IpcMainEvent) => {
    const contents = trusted()
    if (!contents || !isTrustedSender(event, contents)) {
      console.warn(`[continuum] refused an RPC port from an untrusted frame: ${event.senderFrame?.url ?? 'unknown'}`)
      return
    }
    const [port] = event.ports
    if (!port) return
    handler.upgrade(port, { context: service.context('ipc') })
    port.start()
  })
}
