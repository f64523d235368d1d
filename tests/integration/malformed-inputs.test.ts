/**
 * The fault suite's malformed-request and malformed-schedule corpora (issue 10): every case
 * goes through the real host's WebSocket contract, and every schedule also through the CLI's
 * own checks, each expecting its field-named error and a database whose every table is
 * byte-for-byte what it was (sha256 of a canonical dump).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ORPCError } from '@orpc/client'
import { openService, type Service } from '../../electron/core/service'
import { startHost, type Host } from '../../electron/host/server'
import { AppError } from '../../electron/core/errors'
import { checkScheduleBeforeOpening, readScheduleJson } from '../../electron/cli/schedule-file'
import { databaseDigest } from '../helpers/db-digest'
import { payloadOf, requestCases, scheduleCases, schedulePath } from '../helpers/malformed-fixtures'
import { fakeRenderer, tempDir } from '../helpers/temp'
import { connectClient, type TestClient } from '../helpers/ws-client'

type Issues = { issues?: { path: string; message: string }[] }
type Procedure = (input: unknown) => Promise<unknown>

/** A procedure by its dotted name (`runs.create`), the way a hostile client would call any of them. */
function procedure(client: TestClient, name: string): Procedure {
  const [group, call] = name.split('.') as [string, string]
  // The corpora send what the types forbid; that is their point.
  const found = (client as unknown as Record<string, Record<string, Procedure>>)[group]?.[call]
  if (!found) throw new Error(`no procedure ${name}`)
  return found
}

const refusal = async (call: Promise<unknown>): Promise<ORPCError<string, Issues>> => {
  const error = await call.then(
    () => new Error('the call was accepted'),
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ORPCError)
  return error as ORPCError<string, Issues>
}

describe('malformed inputs through the host and the CLI', () => {
  const dir = tempDir()
  let service: Service
  let host: Host
  let client: TestClient
  let close: () => void
  let digest: string

  beforeAll(async () => {
    service = openService(join(dir.path, 'data'), { autoStart: false })
    host = await startHost({ service, staticDir: fakeRenderer(dir.path) })
    ;({ client, close } = await connectClient(`ws://127.0.0.1:${host.port}/rpc?token=${host.token}`))
    // Something to leave untouched: a run with tags, notes and a metric series.
    const run = await client.runs.create({ name: 'kept', kind: 'pretrain', seed: 3, tags: ['keep'], notes: 'must survive', config: { lr: 1e-3 } })
    await client.metrics.append({ runId: run.id, points: [0, 1, 2].map((step) => ({ key: 'train/loss', step, tokens: step * 64, wallTime: 1_700_000_000_000 + step, value: 4 - step })) })
    digest = databaseDigest(service.store.db)
  })
  afterAll(async () => {
    close()
    await host.close()
    service.close()
    dir.cleanup()
  })

  const requests = requestCases()
  it('has a request corpus of at least 58 cases', () => expect(requests.length).toBeGreaterThanOrEqual(58))

  for (const c of requests)
    it(`${c.file}: ${c.description} → ${c.code}${c.path ? ` at ${c.path}` : ''}`, async () => {
      const error = await refusal(procedure(client, c.call)(payloadOf(c)))
      expect(error.code).toBe(c.code)
      if (c.path !== undefined) expect(error.data.issues?.map((i) => i.path)).toContain(c.path)
      if (c.message !== undefined) expect(error.message).toContain(c.message)
      expect(databaseDigest(service.store.db)).toBe(digest)
    })

  const schedules = scheduleCases()
  it('has a schedule corpus of at least 58 cases', () => expect(schedules.length).toBeGreaterThanOrEqual(58))

  const named = (issues: { path: string; message: string }[] | undefined, c: (typeof schedules)[number]) =>
    (issues ?? []).some((i) => schedulePath(i.path) === c.path && i.message.includes(c.message))

  for (const c of schedules)
    it(`${c.file}: ${c.description} → ${c.path || '(schedule)'}`, async () => {
      for (const call of [client.experiments.dryRun, client.experiments.create]) {
        const error = await refusal(call({ schedule: c.schedule } as never))
        expect(error.code).toBe('BAD_REQUEST')
        expect(named(error.data.issues, c), `${error.message}`).toBe(true)
      }
      expect(databaseDigest(service.store.db)).toBe(digest)

      // The CLI's checks, before it would open a database.
      const file = join(dir.path, c.file)
      writeFileSync(file, JSON.stringify(c.schedule))
      const database = join(dir.path, 'cli', 'continuum.db')
      const cliError = await checkScheduleBeforeOpening(readScheduleJson(file), database, join(dir.path, 'cli')).then(
        () => new Error('the CLI accepted it'),
        (e: unknown) => e,
      )
      expect(cliError).toBeInstanceOf(AppError)
      expect(named((cliError as AppError).data?.issues as Issues['issues'], c), (cliError as Error).message).toBe(true)
      expect(existsSync(database)).toBe(false)
    })

  const cli = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '../../electron/cli/experiment.ts'), ...args], { encoding: 'utf8', timeout: 60_000 })

  it('the real CLI refuses an invalid schedule in a dry run, exit 2, naming the field, and creates no database', () => {
    const dataDir = join(dir.path, 'cli-data')
    const file = join(dir.path, 'typo.json')
    writeFileSync(file, JSON.stringify(schedules.find((c) => c.file === 'typo-brnaches.json')!.schedule))
    const result = cli([file, '--dry-run', '--data-dir', dataDir])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('brnaches: unknown field')
    expect(existsSync(join(dataDir, 'continuum.db'))).toBe(false)
  })

  it('the real CLI accepts a valid schedule with a UTF-8 byte-order mark', () => {
    const dataDir = join(dir.path, 'bom-data')
    const file = join(dir.path, 'bom.json')
    const valid = { ...(schedules.find((c) => c.file === 'blank-name.json')!.schedule as object), name: 'with a byte-order mark' }
    writeFileSync(file, `\uFEFF${JSON.stringify(valid)}`)
    const result = cli([file, '--dry-run', '--data-dir', dataDir])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('with a byte-order mark')
  })
})
