import { createORPCClient } from '@orpc/client'
import { RPCLink } from '@orpc/client/websocket'
import type { ContractRouterClient } from '@orpc/contract'
import { WebSocket } from 'ws'
import type { Contract } from '../../shared/contract'

export type TestClient = ContractRouterClient<Contract>

/** A Node client of the host, as a browser page would connect. Resolves once the socket is open. */
export async function connectClient(url: string, headers: Record<string, string> = {}) {
  const websocket = new WebSocket(url, { headers })
  await new Promise<void>((resolve, reject) => {
    websocket.once('open', () => resolve())
    websocket.once('error', reject)
    websocket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
  const client: TestClient = createORPCClient(new RPCLink({ websocket: websocket as unknown as globalThis.WebSocket }))
  return { client, close: () => websocket.close() }
}
