/**
 * Issue 10, items 5 and 6, reproduced through the contract as `npm run serve` serves it (the
 * websocket transport's context): paths stay inside the data folder and --allow-dir folders,
 * symlinks are followed before the check, refusals never show file content nor tell whether a
 * file outside exists; only regular files are read, with a size limit and without blocking on
 * a FIFO, and several hanging imports do not hold up another.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRouterClient } from '@orpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openService, router, rpcErrorInterceptor, type Service } from '../../electron/core/service'
import { tempDir } from '../helpers/temp'

const dir = tempDir()
const data = join(dir.path, 'data')
const allowed = join(dir.path, 'allowed')
const outside = join(dir.path, 'outside')
let service: Service
let client: ReturnType<typeof makeClient>
const makeClient = (s: Service) => createRouterClient(router, { context: s.context('websocket'), interceptors: [rpcErrorInterceptor] })

beforeAll(() => {
  for (const d of [data, allowed, outside]) mkdirSync(d, { recursive: true })
  writeFileSync(join(outside, 'secret.txt'), 'TOP-SECRET-LINE\nsecond\n')
  writeFileSync(join(allowed, 'ok.txt'), 'Ada lives in Paris.\n')
  symlinkSync(join(outside, 'secret.txt'), join(allowed, 'link.txt'))
  // 600 MB, sparse: the size check must refuse it before reading a byte.
  writeFileSync(join(allowed, 'huge.txt'), '')
  truncateSync(join(allowed, 'huge.txt'), 600 * 2 ** 20)
  execFileSync('mkfifo', [join(allowed, 'fifo.txt')])
  service = openService(data, { autoStart: false, allowedDirs: [allowed], maxImportBytes: 256 * 2 ** 20 })
  client = makeClient(service)
})
afterAll(() => {
  service.close()
  dir.cleanup()
})

const refusal = async (p: Promise<unknown>) => {
  const e = (await p.catch((x: unknown) => x)) as { code: string; message: string }
  expect(e).toBeInstanceOf(Error)
  return e
}

describe('path policy (serve mode)', () => {
  it('imports a file inside an allowed folder', async () => {
    const r = await client.datasets.importCorpus({ name: 'ok', file: join(allowed, 'ok.txt') })
    expect(r.stats.lines).toBe(1)
  })

  it('refuses /etc/passwd and a file outside the roots alike, whether or not it exists, without content', async () => {
    const passwd = await refusal(client.datasets.importCorpus({ name: 'p', file: '/etc/passwd' }))
    const missing = await refusal(client.datasets.importCorpus({ name: 'p', file: join(outside, 'no-such.txt') }))
    const secret = await refusal(client.datasets.importCorpus({ name: 'p', file: join(outside, 'secret.txt') }))
    for (const e of [passwd, missing, secret]) {
      expect(e.code).toBe('FORBIDDEN')
      expect(e.message).toMatch(/does not exist or is outside the allowed folders/)
      expect(e.message).not.toMatch(/root:|TOP-SECRET/)
    }
    expect(missing.message.replace(/no-such\.txt/, 'X')).toBe(secret.message.replace(/secret\.txt/, 'X'))
  })

  it('follows a symlink before checking: a link inside a root to a file outside is refused', async () => {
    const e = await refusal(client.datasets.importCorpus({ name: 'l', file: join(allowed, 'link.txt') }))
    expect(e.code).toBe('FORBIDDEN')
    expect(e.message).not.toMatch(/TOP-SECRET/)
  })

  it('refuses a NUL byte and a relative path by name', async () => {
    expect((await refusal(client.datasets.importCorpus({ name: 'n', file: `${allowed}/ok.txt\0.jsonl` }))).message).toMatch(/must not contain a NUL byte/)
    expect((await refusal(client.datasets.importCorpus({ name: 'n', file: 'ok.txt' }))).message).toMatch(/not an absolute path/)
  })

  it('exports a checkpoint only inside the roots', async () => {
    const e = await refusal(client.checkpoints.export({ id: 1, destination: join(outside, 'exports') }))
    // The destination is checked first: no checkpoint 1 exists, and that is not what it says.
    expect(e.code).toBe('FORBIDDEN')
    expect(e.message).toMatch(/outside the folders this server may write to/)
    const inside = await refusal(client.checkpoints.export({ id: 1, destination: join(allowed, 'new', 'exports') }))
    expect(inside.code).toBe('NOT_FOUND')
  })
})

describe('imports that never end', () => {
  it('refuses /dev/zero (a device) at once, even with the data folder as a root', async () => {
    const svc = openService(join(dir.path, 'data2'), { autoStart: false, allowedDirs: ['/dev'] })
    try {
      const e = await refusal(makeClient(svc).datasets.importCorpus({ name: 'z', file: '/dev/zero', format: 'text' }))
      expect(e.message).toMatch(/not a regular file/)
    } finally {
      svc.close()
    }
  })

  it('refuses a FIFO without blocking, and five of them do not hold up another import', async () => {
    const fifo = () => refusal(client.datasets.importCorpus({ name: 'f', file: join(allowed, 'fifo.txt') }))
    const pending = Array.from({ length: 5 }, fifo)
    const other = await client.datasets.importTask({ name: 'other', file: join(allowed, 'other.jsonl') }).catch((e: unknown) => e)
    expect(String(other)).toMatch(/does not exist/)
    for (const e of await Promise.all(pending)) expect(e.message).toMatch(/fifo\.txt is not a regular file/)
  })

  it('refuses a 600 MB file by its size, naming the limit', async () => {
    const e = await refusal(client.datasets.importCorpus({ name: 'h', file: join(allowed, 'huge.txt') }))
    expect(e.code).toBe('BAD_REQUEST')
    expect(e.message).toMatch(/huge\.txt is larger than the import limit of 256 MB/)
    expect(service.store.datasets.list().map((d) => d.name)).toEqual(['ok'])
  })

  it('records an upload by the user\'s file name, not the staged copy it removes', async () => {
    const first = await client.datasets.upload({ fileName: 'my bios.txt', offset: 0, base64: Buffer.from('Ada lives in Paris.\n').toString('base64') })
    const r = await client.datasets.importCorpus({ name: 'uploaded', upload: first.id })
    expect(r.dataset.source).toBe('my bios.txt (uploaded)')
    expect(service.store.datasets.list().find((d) => d.name === 'uploaded')!.source).toBe('my bios.txt (uploaded)')
  })

  it('bounds uploads as chunks arrive', async () => {
    const small = openService(join(dir.path, 'data3'), { autoStart: false, maxImportBytes: 10 })
    try {
      const c = makeClient(small)
      const first = await c.datasets.upload({ fileName: 'a.txt', offset: 0, base64: Buffer.from('12345678').toString('base64') })
      const e = await refusal(c.datasets.upload({ id: first.id, fileName: 'a.txt', offset: 8, base64: Buffer.from('9abc').toString('base64') }))
      expect(e.message).toMatch(/a\.txt is larger than the import limit/)
      expect((await refusal(c.datasets.importCorpus({ name: 'u', upload: first.id }))).code).toBe('NOT_FOUND')
    } finally {
      small.close()
    }
  })
})
