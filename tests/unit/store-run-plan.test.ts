/**
 * Migration 11 and the plan column: an experiment's runs written by schema 8 (their plan inside
 * `config`) come out with a typed `plan`, an empty `config` and an indexed key; runs made by
 * hand keep their config. The fixture was written by the code at cde4ba1 (schema 8): see
 * tests/fixtures/store/README.md.
 */
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../electron/core/store/database'
import { migrate, schemaVersion } from '../../electron/core/store/migrate'
import { LATEST_SCHEMA_VERSION } from '../../electron/core/store/migrations'
import { Store } from '../../electron/core/store'
import { DEFAULT_OPTIMIZER, DEFAULT_VALIDATION } from '../../shared/schemas/optimizer'
import { seededPlan } from '../helpers/plan'
import { tempDir } from '../helpers/temp'

const FIXTURE = join(__dirname, '../fixtures/store/v8-experiment.db')

interface OldRow {
  id: number
  config: string
}

describe('run plans', () => {
  it('moves the plans of a schema-8 database out of config, unchanged, and keys them', () => {
    const dir = tempDir()
    try {
      const path = join(dir.path, 'continuum.db')
      copyFileSync(FIXTURE, path)
      const old = openDatabase(path, { migrate: false })
      expect(schemaVersion(old)).toBe(8)
      const before = new Map(old.prepare<[], OldRow>('SELECT id, config FROM runs').all().map((r) => [r.id, JSON.parse(r.config) as { key?: string; plan?: Record<string, unknown> }]))
      old.close()
      expect(before.size).toBe(8)

      const store = Store.open(path)
      expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION)
      const runs = new Map(store.runs.list().map((r) => [r.id, r]))
      const planned = [...runs.values()].filter((r) => r.plan !== null)
      // 1 pre-training, 1 base evaluation, 2 checkpoints × 2 replay ratios, 1 queued checkpoint evaluation.
      expect(planned.map((r) => r.plan!.kind).sort()).toEqual(['evaluate', 'evaluate', 'finetune', 'finetune', 'finetune', 'finetune', 'pretrain'])
      for (const run of planned) {
        // The plan as schema 8 wrote it, with the optimizer and validation settings it ran with (their defaults).
        expect(run.plan).toEqual({ ...before.get(run.id)!.plan, optimizer: DEFAULT_OPTIMIZER, validation: DEFAULT_VALIDATION })
        expect(run.plan!.key).toBe(before.get(run.id)!.key)
        expect(run.config).toEqual({})
      }
      const hand = runs.get(8)!
      expect(hand.plan).toBeNull()
      expect(hand.config).toEqual({ lr: { kind: 'constant', lr: 0.01 }, note: 'free-form' })

      // A fine-tune finds the job it branches from by key; the pre-training plan keeps its schedule.
      const ft = planned.find((r) => r.plan!.key === 'seed-0/ft/ckpt-4/facts/replay-0.25')!
      expect(ft.plan!.init).toEqual({ from: 'job', job: 'seed-0/pretrain', step: 4 })
      const parent = store.runs.byPlanKey(ft.experimentId!, 'seed-0/pretrain')!
      expect(parent.id).toBe(1)
      expect(parent.plan!.lr).toEqual({ kind: 'cosine', peak: 0.003, warmup: 2, total: 8, floor: 0.0003 })
      expect(store.runs.byPlanKey(ft.experimentId!, 'seed-0/nothing')).toBeNull()
      const plan = store.db.prepare("EXPLAIN QUERY PLAN SELECT * FROM runs WHERE experiment_id = 1 AND plan_key = 'x'").all() as { detail: string }[]
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX runs_plan_key/)
      store.close()
    } finally {
      dir.cleanup()
    }
  })

  it('leaves a config that is not a whole plan where it was, and one of two repeated keys', () => {
    const db = openDatabase(':memory:', { migrate: false })
    migrate(db, 8)
    db.prepare("INSERT INTO experiments (id, name, created_at) VALUES (1, 'e', 1)").run()
    const insert = db.prepare("INSERT INTO runs (experiment_id, name, kind, config, created_at, updated_at) VALUES (1, 'r', 'finetune', ?, 1, 1)")
    const whole = seededPlan({ key: 'k', kind: 'finetune', task: 'nli' })
    insert.run(JSON.stringify({ key: 'partial', plan: { kind: 'finetune', task: 'nli' } }))
    insert.run(JSON.stringify({ key: 'k', plan: whole }))
    insert.run(JSON.stringify({ key: 'k', plan: whole }))
    insert.run(JSON.stringify({ key: 'other', plan: whole })) // key and plan disagree
    migrate(db)
    const rows = db.prepare('SELECT id, config, plan_key FROM runs ORDER BY id').all() as { id: number; config: string; plan_key: string | null }[]
    expect(rows.map((r) => r.plan_key)).toEqual([null, 'k', null, null])
    expect(JSON.parse(rows[0]!.config)).toEqual({ key: 'partial', plan: { kind: 'finetune', task: 'nli' } })
    expect(rows[1]!.config).toBe('{}')
    expect(JSON.parse(rows[2]!.config).key).toBe('k')
  })

  it('refuses a plan that is not whole, naming the field, and a second run under one key', () => {
    const store = Store.open(':memory:')
    const experiment = store.experiments.create({ name: 'e', description: '', schedule: null })
    const base = { experimentId: experiment.id, name: 'r', kind: 'pretrain' as const, config: {}, parentCheckpointId: null, seed: 0, tags: [], notes: '' }
    expect(() => store.runs.create({ ...base, plan: { ...seededPlan({ key: 'a', kind: 'pretrain' }), replay: 2 } })).toThrow(/replay/)
    store.runs.create({ ...base, plan: seededPlan({ key: 'a', kind: 'pretrain' }) })
    expect(() => store.runs.create({ ...base, plan: seededPlan({ key: 'a', kind: 'pretrain' }) })).toThrow(/UNIQUE constraint failed/)
    // The same key in another experiment is another job.
    const other = store.experiments.create({ name: 'f', description: '', schedule: null })
    expect(store.runs.create({ ...base, experimentId: other.id, plan: seededPlan({ key: 'a', kind: 'pretrain' }) }).plan!.key).toBe('a')
    store.close()
  })
})
