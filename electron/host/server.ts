/**
 * The local web host: serves the built renderer and the contract over WebSocket on
 * 127.0.0.1 only. Every WebSocket must present the per-launch token and come from a
 * loopback page of this host.
 */
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { RPCHandler } from '@orpc/server/ws'
import { WebSocketServer } from 'ws'
import { router, rpcErrorInterceptor, type Service } from '../core/service'
import { decodePathname, isAllowedOrigin, isLoopbackHost, newToken, SECURITY_HEADERS, tokensMatch } from './security'

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

/** A whole HTTP/1.1 answer for a raw socket (upgrade refusals, parser errors), with the security headers. */
function rawResponse(status: number, reason: string): string {
  const headers = Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`).join('')
  return `HTTP/1.1 ${status} ${reason}\r\n${headers}Connection: close\r\nContent-Length: 0\r\n\r\n`
}

export async function startHost(options: HostOptions): Promise<Host> {
  const token = options.token ?? newToken()
  const staticRoot = resolve(options.staticDir)
  if (!existsSync(join(staticRoot, 'index.html')))
    throw new Error(`The renderer is not built: ${join(staticRoot, 'index.html')} is missing. Run "npm run build" first.`)

  const handler = new RPCHandler(router, { clientInterceptors: [rpcErrorInterceptor] })
  let port = 0

  const answer = (res: ServerResponse, status: number, body = '') => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }).end(body)
  }

  const serveStatic = (req: IncomingMessage, res: ServerResponse) => {
    if (!isLoopbackHost(req.headers.host, port)) return answer(res, 403, 'Forbidden: this host answers on 127.0.0.1 only')
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return answer(res, 405, 'Method Not Allowed')
    }
    const pathname = decodePathname(req.url)
    if (pathname === null) return answer(res, 400, 'Bad Request: malformed percent-encoding in the path')
    let file = normalize(join(staticRoot, pathname))
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) return answer(res, 403, 'Forbidden')
    // Client-side routes fall back to the app's page.
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(staticRoot, 'index.html')
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' })
    if (req.method === 'HEAD') return void res.end()
    createReadStream(file)
      .on('error', (error) => {
        console.error(`[continuum host] reading ${file} for ${req.method} ${req.url} failed:`, error)
        res.destroy()
      })
      .pipe(res)
  }

  // No request may take the host down: a bug in a handler is logged with its request and answered 500.
  const server = createServer((req, res) => {
    try {
      serveStatic(req, res)
    } catch (error) {
      console.error(`[continuum host] ${req.method} ${req.url} failed:`, error)
      if (!res.headersSent) answer(res, 500, 'Internal Server Error')
      else res.destroy()
    }
  })
  // Requests Node's parser refuses (bad request line, oversized headers) get a 400 instead of a bare reset.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code !== 'ECONNRESET' && socket.writable) socket.end(rawResponse(400, 'Bad Request'))
    else socket.destroy()
  })
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 })
  wss.on('error', (error) => console.error('[continuum host] WebSocket server error:', error))

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => console.error(`[continuum host] upgrade socket for ${req.url} failed:`, error.message))
    const refuse = (status: number, reason: string) => {
      socket.end(rawResponse(status, reason))
    }
    try {
      const url = new URL(req.url ?? '/', 'http://x')
      if (url.pathname !== '/rpc') return refuse(404, 'Not Found')
      if (!isLoopbackHost(req.headers.host, port) || !isAllowedOrigin(req.headers.origin, port)) return refuse(403, 'Forbidden')
      if (!tokensMatch(token, url.searchParams.get('token'))) return refuse(401, 'Unauthorized')
      wss.handleUpgrade(req, socket, head, (ws) => {
        handler.upgrade(ws, { context: options.service.context('websocket') }).catch((error: unknown) => {
          console.error('[continuum host] a WebSocket session failed:', error)
          ws.terminate()
        })
      })
    } catch (error) {
      console.error(`[continuum host] upgrade ${req.url} failed:`, error)
      refuse(400, 'Bad Request')
    }
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
