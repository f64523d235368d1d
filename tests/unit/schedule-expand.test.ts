import { describe, expect, it } from 'vitest'
import { ExperimentSchedule, dryRun, expandSchedule, planCheckpoints, toFieldIssues, type ExperimentScheduleInput } from '../../shared'

const schedule: ExperimentScheduleInput = {
  name: 'study',
  model: { layers: 2, heads: 4, width: 64, context: 32, vocab: 257 },
  suite: { seed: 1, scale: 'tiny' },
  seeds: [0, 1],
  pretrain: { length: { steps: 1000 }, batch: 8, lr: { kind: 'cosine', peak: 1e-3, warmup: 10, total: 1000 }, checkpoints: { kind: 'log', count: 4 } },
  branches: [
    {
      name: 'ft',
      from: 'all',
      tasks: ['nli', 'arithmetic'],
      length: { epochs: 2 },
      batch: 8,
      lr: { kind: 'constant', lr: 1e-4 },
      replay: [0, 0.05, 0.25],
    },
  ],
  sequences: [{ name: 'abc', from: 'final', tasks: ['nli', 'paraphrase', 'arithmetic'], length: { steps: 50 }, batch: 8, lr: { kind: 'constant', lr: 1e-4 } }],
  baseEval: { tasks: [], formats: ['default', 'instruct', 'input-only'], shots: [0, 4] },
}
const ctx = { taskSizes: { nli: 300, arithmetic: 100, paraphrase: 200, facts: 50 } }

describe('schedule expansion', () => {
  it('plans log-spaced checkpoints ending at the last step', () => {
    expect(planCheckpoints({ kind: 'log', count: 4 }, 1000, [])).toEqual([1, 10, 100, 1000])
    expect(planCheckpoints({ kind: 'every', steps: 300 }, 1000, [])).toEqual([300, 600, 900, 1000])
    expect(planCheckpoints({ kind: 'at', steps: [50, 5] }, 100, [])).toEqual([5, 50, 100])
    expect(() => planCheckpoints({ kind: 'at', steps: [5, 500] }, 100, ['pretrain', 'checkpoints'])).toThrow(
      "pretrain.checkpoints.steps[1]: step 500 is after the phase's last step (100)",
    )
  })

  it('expands the product of checkpoints × tasks × replay ratios per seed, with dependencies', () => {
    const jobs = expandSchedule(ExperimentSchedule.parse(schedule), ctx)
    const per = (seed: number) => jobs.filter((j) => j.seed === seed)
    // per seed: 1 pretrain + 1 base eval + 4 ckpts × 2 tasks × 3 replay + 3 sequence stages
    expect(per(0)).toHaveLength(1 + 1 + 24 + 3)
    expect(jobs).toHaveLength(2 * 29)
    const ft = jobs.find((j) => j.key === 'seed-0/ft/ckpt-10/nli/replay-0.05')!
    expect(ft).toMatchObject({ kind: 'finetune', dependsOn: ['seed-0/pretrain'], init: { from: 'job', job: 'seed-0/pretrain', step: 10 }, corpus: 'suite', replay: 0.05 })
    // 2 epochs of 300 examples at 8 rows with 5% replay: ceil(600 / 7.6) = 79 steps.
    expect(ft.steps).toBe(79)
    expect(ft.tokens).toBe(79 * 8 * 32)
    expect(jobs.find((j) => j.key === 'seed-0/ft/ckpt-10/nli/replay-0')!.corpus).toBeNull()
    const stages = per(1).filter((j) => j.tags.includes('sequence'))
    expect(stages.map((j) => j.dependsOn[0])).toEqual(['seed-1/pretrain', 'seed-1/abc/stage-1-nli', 'seed-1/abc/stage-2-paraphrase'])
    expect(stages[2]!.eval!.tasks).toEqual(['nli', 'paraphrase', 'arithmetic'])
    const baseEval = jobs.find((j) => j.key === 'seed-0/base-eval')!
    expect(baseEval.evaluateSteps).toEqual([1, 10, 100, 1000])
    expect(new Set(jobs.map((j) => j.key)).size).toBe(jobs.length)
  })

  it('replays per stage when a sequence lists one ratio per stage, and refuses a list of the wrong length', () => {
    const replayB = { ...schedule, seeds: [0], sequences: [{ ...schedule.sequences![0]!, replay: [0, 0.25, 0.05] }] }
    const stages = expandSchedule(ExperimentSchedule.parse(replayB), ctx).filter((j) => j.tags.includes('sequence'))
    expect(stages.map((j) => [j.replay, j.corpus])).toEqual([
      [0, null],
      [0.25, 'suite'],
      [0.05, 'suite'],
    ])
    // 50 steps whatever the replay (a fixed length); one number is every stage's ratio.
    expect(stages.map((j) => j.steps)).toEqual([50, 50, 50])
    const one = ExperimentSchedule.parse({ ...replayB, sequences: [{ ...replayB.sequences[0]!, replay: 0.05 }] })
    expect(expandSchedule(one, ctx).filter((j) => j.tags.includes('sequence')).map((j) => j.replay)).toEqual([0.05, 0.05, 0.05])
    const wrong = ExperimentSchedule.safeParse({ ...replayB, sequences: [{ ...replayB.sequences[0]!, replay: [0, 0.25] }] })
    expect(wrong.success).toBe(false)
    expect(wrong.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['sequences.0.replay', 'lists 2 ratios for 3 stages; give one per stage (or one number for all)']])
  })

  it('gives the same keys for the same schedule (so a rerun resumes the same jobs)', () => {
    const a = expandSchedule(ExperimentSchedule.parse(schedule), ctx).map((j) => j.key)
    const b = expandSchedule(ExperimentSchedule.parse(structuredClone(schedule)), ctx).map((j) => j.key)
    expect(a).toEqual(b)
  })

  it('names the path of every invalid field', () => {
    const bad = structuredClone(schedule) as { branches: { replay: number[] }[] }
    bad.branches[0]!.replay = [0, 1.5]
    const r = ExperimentSchedule.safeParse(bad)
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toContain('branches.0.replay.1: must be between 0 and 1')
    expect(() => expandSchedule(ExperimentSchedule.parse({ ...schedule, branches: [{ ...schedule.branches![0]!, tasks: ['nli', 'nope'] }] }), ctx)).toThrow(
      'branches[0].tasks[1]: unknown task "nope"',
    )
    const offPlan = ExperimentSchedule.safeParse({ ...schedule, branches: [{ ...schedule.branches![0]!, from: { steps: [10, 11] } }] })
    expect(toFieldIssues(offPlan.error!.issues)).toEqual([{ path: 'branches[0].from.steps[1]', message: 'step 11 is not a pre-training checkpoint (1, 10, 100, 1000)' }])
    const noSuite = ExperimentSchedule.safeParse({ ...schedule, suite: null })
    expect(noSuite.error!.issues[0]).toMatchObject({ path: ['suite'], message: 'the corpus "suite" needs the built-in suite to be set' })
  })

  it('reports jobs, tokens and time in a dry run', () => {
    const jobs = expandSchedule(ExperimentSchedule.parse(schedule), ctx)
    const d = dryRun(jobs, 1000)
    expect(d.byKind).toEqual({ pretrain: 2, continual: 0, finetune: 54, evaluate: 2 })
    expect(d.trainingTokens).toBe(jobs.reduce((a, j) => a + j.tokens, 0))
    expect(d.trainingSeconds).toBeCloseTo(d.trainingTokens / 1000, 6)
    expect(jobs.filter((j) => j.kind === 'pretrain')[0]!.tokens).toBe(1000 * 8 * 32)
  })
})

describe('fine-tuning seeds', () => {
  it('run a branch once per seed from the same pre-trained lineage, keeping the lineage seed\'s key', () => {
    const s = ExperimentSchedule.parse({ ...schedule, seeds: [0], sequences: [], branches: [{ ...schedule.branches![0]!, from: 'final', tasks: ['nli'], replay: [0], seeds: [0, 7, 8] }] })
    const ft = expandSchedule(s, ctx).filter((j) => j.kind === 'finetune')
    expect(ft.map((j) => [j.key, j.seed])).toEqual([
      ['seed-0/ft/ckpt-1000/nli/replay-0', 0],
      ['seed-0/ft/ckpt-1000/nli/replay-0/ft-seed-7', 7],
      ['seed-0/ft/ckpt-1000/nli/replay-0/ft-seed-8', 8],
    ])
    // All start from the lineage's pre-training run.
    expect(new Set(ft.map((j) => JSON.stringify(j.init)))).toEqual(new Set([JSON.stringify({ from: 'job', job: 'seed-0/pretrain', step: 1000 })]))
  })
})

describe('schedules the app itself writes, under the strict schema', () => {
  it('accepts the built-in study template at every scale, and the editor\'s blank schedule', async () => {
    const { studyTemplate } = await import('../../electron/core/experiments/templates')
    const { blankSchedule } = await import('../../renderer/src/experiments/schedule-value')
    for (const scale of ['tiny', 'small', 'default'] as const) {
      const r = ExperimentSchedule.safeParse(studyTemplate({ scale, seed: 3 }))
      expect(r.error?.issues ?? []).toEqual([])
    }
    expect(ExperimentSchedule.safeParse(blankSchedule()).error?.issues ?? []).toEqual([])
  })

  it('accepts its own parsed output again (stored schedules are parsed on every job start)', () => {
    const parsed = ExperimentSchedule.parse(schedule)
    expect(ExperimentSchedule.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed)
  })
})
