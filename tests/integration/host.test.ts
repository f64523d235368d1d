import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ORPCError } from '@orpc/client'
import { openService, type Service } from '../../electron/core/service'
import { startHost, type Host } from '../../electron/host/server'
import { contentSecurityPolicyHeader } from '../../electron/main/csp'
import { LATEST_SCHEMA_VERSION } from '../../electron/core/store/migrations'
import { fakeRenderer, tempDir } from '../helpers/temp'
import { connectClient } from '../helpers/ws-client'

describe('web host', () => {
  const dir = tempDir()
  let service: Service
  let host: Host
  let rpc: string

  beforeAll(async () => {
    service = openService(dir.path)
    host = await startHost({ service, staticDir: fakeRenderer(dir.path) })
    rpc = `ws://127.0.0.1:${host.port}/rpc`
  })
  afterAll(async () => {
    await host.close()
    service.close()
    dir.cleanup()
  })

  it('binds to loopback and prints a URL carrying the token in its fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`)
    expect(host.token).toMatch(/^[0-9a-f]{48}$/)
  })

  it('sends the desktop app\'s content security policy, with frame-ancestors', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/`)
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicyHeader())
    // No data: source for connections: exports encode canvases in place instead of fetching data: URLs.
    expect(res.headers.get('content-security-policy')).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\* ws:\/\/localhost:\*;/)
  })

  it('refuses a connection without a token', async () => {
    await expect(connectClient(rpc)).rejects.toThrow('HTTP 401')
  })

  it('refuses a connection with a wrong token', async () => {
    const wrong = host.token.replace(/^./, (c) => (c === '0' ? '1' : '0'))
    await expect(connectClient(`${rpc}?token=${wrong}`)).rejects.toThrow('HTTP 401')
    await expect(connectClient(`${rpc}?token=${host.token}x`)).rejects.toThrow('HTTP 401')
  })

  it('refuses a page from another origin even with the token', async () => {
    await expect(connectClient(`${rpc}?token=${host.token}`, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403')
    await expect(connectClient(`${rpc}?token=${host.token}`, { Origin: 'http://127.0.0.1:1' })).rejects.toThrow('HTTP 403')
  })

  it('refuses HTTP requests that name a non-loopback host (DNS rebinding)', async () => {
    const ok = await fetch(`http://127.0.0.1:${host.port}/`)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toContain('Continuum test')
    const { request } = await import('node:http')
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: host.port, path: '/', headers: { Host: 'evil.example' } }, (res) => resolve(res.statusCode ?? 0)).end()
    })
    expect(status).toBe(403)
  })

  it('serves the contract to a client with the token and pushes events', async () => {
    const { client, close } = await connectClient(`${rpc}?token=${host.token}`, { Origin: `http://127.0.0.1:${host.port}` })
    try {
      const info = await client.system.info()
      expect(info.transport).toBe('websocket')
      expect(info.schemaVersion).toBe(LATEST_SCHEMA_VERSION)

      const iterator = await client.events.subscribe()
      const run = await client.runs.create({ name: 'pretrain-s', kind: 'pretrain', seed: 7, tags: ['baseline'] })
      const first = await iterator.next()
      expect(first.value).toMatchObject({ type: 'run.changed', run: { id: run.id, name: 'pretrain-s' } })

      await client.metrics.append({
        runId: run.id,
        points: [0, 1, 2].map((step) => ({ key: 'train/loss', step, tokens: step * 1024, wallTime: 1_700_000_000_000 + step, value: 5 - step })),
      })
      const second = await iterator.next()
      expect(second.value).toMatchObject({ type: 'metrics.appended', runId: run.id, count: 3, lastStep: 2, keys: ['train/loss'] })
      await iterator.return?.(undefined)

      const [summary] = await client.runs.list({})
      expect(summary).toMatchObject({ id: run.id, tokensSeen: 2048, lastStep: 2, tags: ['baseline'] })
    } finally {
      close()
    }
  })

  it('answers a malformed payload with a typed error naming the field, and writes nothing', async () => {
    const { client, close } = await connectClient(`${rpc}?token=${host.token}`)
    try {
      const before = service.store.counts()
      const error = await client.runs
        .create({ name: 'x', kind: 'pretrain', seed: -1 } as never)
        .then(() => undefined, (e: unknown) => e)
      expect(error).toBeInstanceOf(ORPCError)
      const rpcError = error as ORPCError<string, { issues: { path: string; message: string }[] }>
      expect(rpcError.code).toBe('BAD_REQUEST')
      expect(rpcError.message).toContain('seed:')
      expect(rpcError.data.issues[0]?.path).toBe('seed')

      const metricError = (await client.metrics
        .append({ runId: 1, points: [{ key: 'loss', step: 0, tokens: 0, wallTime: 0, value: 1 }, { key: 'loss', step: 1.5, tokens: 0, wallTime: 0, value: 1 }] })
        .catch((e: unknown) => e)) as ORPCError<string, { issues: { path: string }[] }>
      expect(metricError.data.issues.map((i) => i.path)).toEqual(['points[1].step'])
      expect(service.store.counts()).toEqual(before)
    } finally {
      close()
    }
  })

  it('reports a missing row as NOT_FOUND with a readable message', async () => {
    const { client, close } = await connectClient(`${rpc}?token=${host.token}`)
    try {
      const error = (await client.runs.get({ id: 999 }).catch((e: unknown) => e)) as ORPCError<string, unknown>
      expect(error.code).toBe('NOT_FOUND')
      expect(error.message).toBe('Run 999 does not exist')
    } finally {
      close()
    }
  })
})
