/**
 * A run's plan in its own column, parsed on read, and its key in another, indexed, so a job
 * finds its parent by one probe instead of listing the experiment's runs. Until schema 8 an
 * experiment's run kept `{key, plan}` in `config`; each such config that parses as a plan moves
 * here and leaves `{}`. A config that does not parse stays as it was: the run then reads as one
 * made by hand (shown, never run), rather than the upgrade failing on it.
 */
import { z } from 'zod'
import { RunPlan } from '../../../../shared/schemas/run-plan'
import type { Db } from '../database'

export const sql = /* sql */ `
ALTER TABLE runs ADD COLUMN plan TEXT CHECK (plan IS NULL OR json_valid(plan));
ALTER TABLE runs ADD COLUMN plan_key TEXT;
CREATE UNIQUE INDEX runs_plan_key ON runs(experiment_id, plan_key);
`

/** What schema 8's experiment code wrote into `config` (create.ts, checkpoint-actions.ts). */
const LegacyConfig = z.object({ key: z.string(), plan: RunPlan })

export function run(db: Db): void {
  const rows = db.prepare<[], { id: number; experiment_id: number | null; config: string }>("SELECT id, experiment_id, config FROM runs WHERE json_type(config, '$.plan') = 'object'").all()
  const move = db.prepare<[string, string, number]>("UPDATE runs SET plan = ?, plan_key = ?, config = '{}' WHERE id = ?")
  const taken = new Set<string>()
  for (const row of rows) {
    const parsed = LegacyConfig.safeParse(JSON.parse(row.config))
    if (!parsed.success || parsed.data.key !== parsed.data.plan.key) continue
    const { plan } = parsed.data
    // Keys are unique per experiment by construction; a repeat (two evaluations queued in one millisecond) stays in config.
    const slot = `${row.experiment_id ?? ''}\u0000${plan.key}`
    if (taken.has(slot)) continue
    taken.add(slot)
    move.run(JSON.stringify(plan), plan.key, row.id)
  }
}
