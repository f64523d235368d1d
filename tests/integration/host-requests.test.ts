/**
 * Hostile and careless HTTP requests against the real host (issue 10, items 1 and 10): no
 * request can take it down, malformed percent-encoding answers 400, and every answer, errors
 * and refused WebSocket upgrades included, carries the security headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openService, type Service } from '../../electron/core/service'
import { startHost, type Host } from '../../electron/host/server'
import { rawGet, rawRequest, type RawAnswer } from '../helpers/raw-http'
import { fakeRenderer, tempDir } from '../helpers/temp'
import { connectClient } from '../helpers/ws-client'

const expectSecurityHeaders = (answer: RawAnswer) => {
  expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'")
  expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
  expect(answer.headers.get('x-content-type-options')).toBe('nosniff')
  expect(answer.headers.get('referrer-policy')).toBe('no-referrer')
  expect(answer.headers.get('x-frame-options')).toBe('DENY')
  expect(answer.headers.get('cross-origin-resource-policy')).toBe('same-origin')
}

describe('web host under hostile requests', () => {
  const dir = tempDir()
  let service: Service
  let host: Host

  beforeAll(async () => {
    service = openService(dir.path, { autoStart: false })
    host = await startHost({ service, staticDir: fakeRenderer(dir.path) })
  })
  afterAll(async () => {
    await host.close()
    service.close()
    dir.cleanup()
  })

  const stillServes = async () => {
    const page = await rawGet(host.port, '/')
    expect(page.status).toBe(200)
    expect(page.body).toContain('Continuum test')
    expectSecurityHeaders(page)
  }

  for (const path of ['/%', '/%zz', '/%E0%A4%A', '/assets/%c0%ae', '/%ff', '/%00', '/a%2', '/%%30'])
    it(`answers GET ${path} with 400 and the security headers, and still serves`, async () => {
      const answer = await rawGet(host.port, path)
      expect(answer.status).toBe(400)
      expect(answer.body).toContain('malformed percent-encoding')
      expectSecurityHeaders(answer)
      await stillServes()
    })

  it('answers a HEAD of a malformed path with 400 too', async () => {
    const answer = await rawRequest(host.port, `HEAD /% HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`)
    expect(answer.status).toBe(400)
    expectSecurityHeaders(answer)
    await stillServes()
  })

  it('puts the security headers on 403 (foreign Host), 403 (path escape) and 405 answers', async () => {
    const foreign = await rawRequest(host.port, `GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`)
    expect(foreign.status).toBe(403)
    expectSecurityHeaders(foreign)
    const escape = await rawGet(host.port, '/..%2f..%2f..%2fetc%2fpasswd')
    expect(escape.status).toBe(403)
    expectSecurityHeaders(escape)
    const post = await rawRequest(host.port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
    expectSecurityHeaders(post)
    await stillServes()
  })

  it('answers a request line the parser refuses with 400 and the headers (clientError)', async () => {
    const answer = await rawRequest(host.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Line\r\n\r\n')
    expect(answer.status).toBe(400)
    expectSecurityHeaders(answer)
    const garbage = await rawRequest(host.port, '\u0001\u0002 not http at all\r\n\r\n')
    expect(garbage.status).toBe(400)
    await stillServes()
  })

  it('answers an absolute-form URL that cannot be parsed with 400, not a crash', async () => {
    const answer = await rawGet(host.port, 'http://[')
    expect(answer.status).toBe(400)
    expectSecurityHeaders(answer)
    await stillServes()
  })

  const upgrade = (path: string, headers = '') =>
    rawRequest(
      host.port,
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${headers}\r\n`,
    )

  it('puts the security headers on every refused WebSocket upgrade (404, 403, 401, 400)', async () => {
    const notRpc = await upgrade('/elsewhere')
    expect(notRpc.status).toBe(404)
    expectSecurityHeaders(notRpc)
    const origin = await upgrade(`/rpc?token=${host.token}`, 'Origin: http://evil.example\r\n')
    expect(origin.status).toBe(403)
    expectSecurityHeaders(origin)
    const token = await upgrade('/rpc?token=wrong')
    expect(token.status).toBe(401)
    expectSecurityHeaders(token)
    const bad = await upgrade('http://[')
    expect(bad.status).toBe(400)
    expectSecurityHeaders(bad)
    await stillServes()
  })

  it('still serves the contract after all of it', async () => {
    for (const path of ['/%', '/%zz', '/%E0%A4%A', '/assets/%c0%ae', '/%ff']) await rawGet(host.port, path)
    const { client, close } = await connectClient(`ws://127.0.0.1:${host.port}/rpc?token=${host.token}`)
    try {
      expect((await client.system.info()).transport).toBe('websocket')
    } finally {
      close()
    }
  })
})
