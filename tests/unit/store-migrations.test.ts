import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../electron/core/store/database'
import { migrate, schemaVersion } from '../../electron/core/store/migrate'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../electron/core/store/migrations'
import { Store } from '../../electron/core/store'
import { tempDir } from '../helpers/temp'
import { join } from 'node:path'

const tables = (db: ReturnType<typeof openDatabase>) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name)

describe('migrations', () => {
  it('builds a fresh database at the latest version with every table', () => {
    const db = openDatabase(':memory:')
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
    expect(tables(db)).toEqual([
      'checkpoints',
      'control_requests',
      'datasets',
      'evaluations',
      'experiments',
      'jobs',
      'metric_blocks',
      'metric_series',
      'metrics',
      'runs',
    ])
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
  })

  it('uses WAL, foreign keys and a busy timeout on a file database', () => {
    const dir = tempDir()
    try {
      const store = Store.open(join(dir.path, 'c.db'))
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000)
      store.close()
    } finally {
      dir.cleanup()
    }
  })

  for (const from of MIGRATIONS.map((m) => m.version).filter((v) => v < LATEST_SCHEMA_VERSION)) {
    it(`upgrades a version-${from} database with its data to the latest`, () => {
      const dir = tempDir()
      try {
        const path = join(dir.path, 'old.db')
        const old = openDatabase(path, { migrate: false })
        migrate(old, from)
        expect(schemaVersion(old)).toBe(from)
        old.prepare("INSERT INTO experiments (name, created_at) VALUES ('kept', 1)").run()
        old.prepare("INSERT INTO runs (name, kind, created_at, updated_at) VALUES ('r', 'pretrain', 1, 1)").run()
        old.close()

        const store = Store.open(path)
        expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION)
        expect(store.experiments.list().map((e) => e.name)).toEqual(['kept'])
        store.metrics.append(1, [{ key: 'loss', step: 0, tokens: 0, wallTime: 0, value: 1 }])
        expect(store.series.query({ runId: 1, key: 'loss', maxBuckets: 10 }).pointCount).toBe(1)
        store.close()
      } finally {
        dir.cleanup()
      }
    })
  }

  it('refuses a database from a newer Continuum and leaves it untouched', () => {
    const dir = tempDir()
    try {
      const path = join(dir.path, 'future.db')
      const future = openDatabase(path)
      future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`)
      future.close()
      expect(() => Store.open(path)).toThrow(new RegExp(`newer version of Continuum \\(schema ${LATEST_SCHEMA_VERSION + 1}; this version knows up to ${LATEST_SCHEMA_VERSION}\\)`))
      const again = openDatabase(path, { migrate: false })
      expect(schemaVersion(again)).toBe(LATEST_SCHEMA_VERSION + 1)
      again.close()
    } finally {
      dir.cleanup()
    }
  })

  it('rebuilds version-3 downsampling blocks (16^L steps) as 4^L levels that read exactly as freshly written ones', () => {
    // A series as version 3 stored it: points, and blocks of 16, 256, 4,096 and 65,536 steps.
    const dir = tempDir()
    const path = join(dir.path, 'v3.db')
    const old = openDatabase(path, { migrate: false })
    migrate(old, 3)
    old.prepare("INSERT INTO runs (name, kind, created_at, updated_at) VALUES ('r', 'pretrain', 1, 1)").run()
    old.prepare("INSERT INTO metric_series (id, run_id, key) VALUES (1, 1, 'loss')").run()
    const points = Array.from({ length: 70_000 }, (_, i) => ({ step: i + 3, tokens: (i + 3) * 10, wallTime: 5_000 + i, value: Math.sin(i / 300) + (i === 41_234 ? -9 : 0) }))
    const insert = old.prepare('INSERT INTO metrics (series_id, step, tokens, wall_time, value) VALUES (1, ?, ?, ?, ?)')
    old.transaction(() => points.forEach((p) => insert.run(p.step, p.tokens, p.wallTime, p.value)))()
    for (const level of [1, 2, 3, 4])
      old.exec(`INSERT INTO metric_blocks (series_id, level, block, count, min, max, last_step, last_value, last_tokens, last_wall_time)
        SELECT 1, ${level}, step / ${16 ** level}, count(*), min(value), max(value), max(step), value, tokens, wall_time
        FROM metrics GROUP BY step / ${16 ** level}`) // SQLite takes the bare columns from the max(step) row
    old.close()
    const upgraded = Store.open(path)

    const fresh = Store.open(':memory:')
    fresh.runs.create({ experimentId: null, name: 'r', kind: 'pretrain', config: {}, parentCheckpointId: null, seed: 0, tags: [], notes: '' })
    fresh.metrics.append(1, points.map((p) => ({ key: 'loss', ...p })))
    const blocks = (s: Store) => s.db.prepare('SELECT * FROM metric_blocks ORDER BY level, block').all()
    expect(blocks(upgraded)).toEqual(blocks(fresh))
    for (const q of [{ maxBuckets: 1 }, { maxBuckets: 700 }, { fromStep: 1_000, toStep: 50_000, maxBuckets: 300 }, { fromStep: 41_000, toStep: 41_500, maxBuckets: 40 }])
      expect(upgraded.series.query({ runId: 1, key: 'loss', ...q })).toEqual(fresh.series.query({ runId: 1, key: 'loss', ...q }))
    expect(upgraded.counts().metricPoints).toBe(70_000)
    upgraded.close()
    fresh.close()
    dir.cleanup()
  })

  it('rolls a failing migration back entirely', () => {
    const db = openDatabase(':memory:', { migrate: false })
    migrate(db, 1)
    db.exec('CREATE TABLE metric_series (x INTEGER)') // collides with migration 2
    expect(() => migrate(db)).toThrow(/already exists/)
    expect(schemaVersion(db)).toBe(1)
    expect(tables(db)).not.toContain('metrics')
  })

  it('enforces the run status CHECK', () => {
    const db = openDatabase(':memory:')
    expect(() => db.prepare("INSERT INTO runs (name, kind, status, created_at, updated_at) VALUES ('r', 'pretrain', 'exploded', 1, 1)").run()).toThrow(
      /CHECK constraint failed/,
    )
  })
})
