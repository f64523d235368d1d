/**
 * A whole RunPlan from the few fields a seeded test cares about (kind, task, replay, where it
 * branched from); the rest as `expandSchedule` writes them for a job that trains nothing.
 */
import { idlePlan, RunPlan } from '../../shared/schemas/run-plan'

type Seeded = Pick<RunPlan, 'key' | 'kind'> & Partial<RunPlan>

export const seededPlan = (p: Seeded): RunPlan =>
  RunPlan.parse({
    ...idlePlan(p.seed ?? 0),
    name: p.key,
    dependsOn: p.init?.from === 'job' ? [p.init.job] : [],
    init: { from: 'scratch' },
    steps: 0,
    batch: 0,
    lr: null,
    tokens: 0,
    ...p,
  })
