/**
 * The renderer's one client for the contract. In the desktop app the preload hands us a
 * MessagePort to the main process; in a browser we open a WebSocket to the local host with
 * the token from the address. Pages cannot tell which.
 */
import { createORPCClient } from '@orpc/client'
import { RPCLink as PortLink } from '@orpc/client/message-port'
import { RPCLink as SocketLink } from '@orpc/client/websocket'
import type { ContractRouterClient } from '@orpc/contract'
import type { Contract } from '../../../shared/contract'

export type ApiClient = ContractRouterClient<Contract>

interface PreloadBridge {
  transport: 'ipc'
  connect(): void
}

declare global {
  interface Window {
    continuum?: PreloadBridge
  }
}

const PORT_MESSAGE = 'continuum:rpc-port'
const TOKEN_KEY = 'continuum.token'

function ipcPort(bridge: PreloadBridge): MessagePort {
  // The preload posts the port synchronously inside connect(), so the listener must be in
  // place first.
  let port: MessagePort | undefined
  const onMessage = (event: MessageEvent) => {
    if (event.source === window && event.data === PORT_MESSAGE && event.ports[0]) port = event.ports[0]
  }
  window.addEventListener('message', onMessage)
  bridge.connect()
  window.removeEventListener('message', onMessage)
  if (!port) throw new Error('The preload did not hand over an RPC port')
  port.start()
  return port
}

/** Reads the token from `#token=…` once, then keeps it for reloads of this tab only. */
export function hostToken(): string | null {
  const match = /(?:^|[#&])token=([0-9a-f]+)/.exec(window.location.hash)
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1])
    history.replaceState(null, '', window.location.pathname + window.location.search)
    return match[1]
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

export function createClient(): { client: ApiClient; transport: 'ipc' | 'websocket'; socket?: WebSocket } {
  const bridge = window.continuum
  if (bridge) {
    return { client: createORPCClient(new PortLink({ port: ipcPort(bridge) })), transport: 'ipc' }
  }
  const token = hostToken()
  if (!token) throw new Error('No access token: open the address that `npm run serve` printed, including its #token=… part.')
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  const websocket = new WebSocket(`${scheme}://${window.location.host}/rpc?token=${token}`)
  return { client: createORPCClient(new SocketLink({ websocket })), transport: 'websocket', socket: websocket }
}
