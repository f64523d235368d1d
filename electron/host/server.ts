/**
 * The local web host: serves the built renderer and the contract over WebSocket on
 * 127.0.0.1 only. Every WebSocket must present the per-launch token and come from a
 * loopback page of this host.
 */
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { RPCHandler } from '@orpc/server/ws'
import { WebSocketServer } from 'ws'
import { router, rpcErrorInterceptor, type Service } from '../core/service'
import { isAllowedOrigin, isLoopbackHost, newToken, tokensMatch } from './security'

export interface HostOptions {
  service: Service
  /** Folder of the built renderer (out/renderer). */
  staticDir: string
  port?: number
  token?: string
}

export interface Host {
  port: number
  token: string
  /** The address to open: the token travels in the fragment, which is never sent over HTTP. */
  url: string
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
}

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
}

export async function startHost(options: HostOptions): Promise<Host> {
  const token = options.token ?? newToken()
  const staticRoot = resolve(options.staticDir)
  if (!existsSync(join(staticRoot, 'index.html')))
    throw new Error(`The renderer is not built: ${join(staticRoot, 'index.html')} is missing. Run "npm run build" first.`)

  const handler = new RPCHandler(router, { clientInterceptors: [rpcErrorInterceptor] })
  let port = 0

  const serveStatic = (req: IncomingMessage, res: ServerResponse) => {
    if (!isLoopbackHost(req.headers.host, port)) {
      res.writeHead(403).end('Forbidden: this host answers on 127.0.0.1 only')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    let file = normalize(join(staticRoot, pathname))
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) {
      res.writeHead(403).end()
      return
    }
    // Client-side routes fall back to the app's page.
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(staticRoot, 'index.html')
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', ...SECURITY_HEADERS })
    if (req.method === 'HEAD') res.end()
    else createReadStream(file).pipe(res)
  }

  const server = createServer(serveStatic)
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 })

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const refuse = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    if (url.pathname !== '/rpc') return refuse(404, 'Not Found')
    if (!isLoopbackHost(req.headers.host, port) || !isAllowedOrigin(req.headers.origin, port))
      return refuse(403, 'Forbidden origin')
    if (!tokensMatch(token, url.searchParams.get('token'))) return refuse(401, 'Unauthorized')
    wss.handleUpgrade(req, socket, head, (ws) => {
      void handler.upgrade(ws, { context: options.service.context('websocket') })
    })
  })

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen())
  })
  port = (server.address() as AddressInfo).port

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    async close() {
      for (const client of wss.clients) client.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}
