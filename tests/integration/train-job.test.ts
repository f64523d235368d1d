import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadCheckpoint } from '../../electron/core/engine/checkpoint'
import { FromWorker } from '../../electron/core/jobs/protocol'
import { checkpointFolder, runTrainJob } from '../../electron/core/jobs/train-job'
import type { Control } from '../../electron/core/engine/train'
import { TrainJobSpec, type TrainJobInput } from '../../shared'
import { tempDir } from '../helpers/temp'
import { tinyJob } from '../helpers/job-files'

const dir = tempDir()
afterAll(() => dir.cleanup())

async function run(input: TrainJobInput, resumeFrom: string | null = null, control: (step: number) => Control = () => 'run') {
  const messages: FromWorker[] = []
  let step = 0
  const outcome = await runTrainJob(TrainJobSpec.parse(input), resumeFrom, {
    emit: (m) => {
      messages.push(FromWorker.parse(m)) // everything a worker sends must pass the protocol
      if (m.type === 'progress') step = m.step
    },
    control: () => control(step),
  })
  const losses = messages.flatMap((m) => (m.type === 'metrics' ? m.points.filter((p) => p.key === 'train/loss') : []))
  return { outcome, messages, losses }
}

describe('a training job', () => {
  it('pre-trains with planned checkpoints, validation loss and batched metrics', async () => {
    const spec = tinyJob(dir.path)
    const { outcome, messages, losses } = await run(spec)
    expect(outcome).toBe('completed')
    const ready = messages[0]!
    expect(ready).toMatchObject({ type: 'ready', backend: 'wasm', threads: 1, parameters: 257 * 16 + 16 * 16 + 12 * 16 * 16 + 13 * 16 + 2 * 16 })
    expect(losses.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6])
    expect(losses.map((p) => p.tokens)).toEqual([64, 128, 192, 256, 320, 384])
    const checkpoints = messages.filter((m) => m.type === 'checkpoint')
    expect(checkpoints.map((c) => c.step)).toEqual([3, 6])
    expect(existsSync(checkpointFolder(spec.checkpointDir, 3))).toBe(true)
    const last = await loadCheckpoint(checkpointFolder(spec.checkpointDir, 6))
    expect(last.manifest).toMatchObject({ step: 6, tokensSeen: 384, phase: 'pretrain' })
    const val = messages.flatMap((m) => (m.type === 'metrics' ? m.points.filter((p) => p.key === 'val/loss') : []))
    // Step 0 is the starting point, before any update.
    expect(val.map((p) => p.step)).toEqual([0, 6])
    expect(val[0]!.value).toBeGreaterThan(0)
    expect(messages.filter((m) => m.type === 'progress').at(-1)).toMatchObject({ step: 6, totalSteps: 6, etaSeconds: 0 })
    // Metrics arrive in batches, not one message per point.
    expect(messages.filter((m) => m.type === 'metrics').length).toBeLessThan(losses.length * 4)
  }, 60_000)

  it('fine-tunes a checkpoint with replay, pauses, and resumes to the same losses', async () => {
    const base = tinyJob(dir.path, { checkpointDir: join(dir.path, 'ft-base') })
    await run({ ...base, checkpoints: { every: null, at: [] } })
    const parent = checkpointFolder(base.checkpointDir, 6)
    const ft = (name: string): TrainJobInput => ({
      ...base,
      runId: 2,
      phase: 'finetune',
      init: { from: 'checkpoint', path: parent },
      data: { corpus: base.data.corpus, task: join(dir.path, 'task.jsonl'), replay: 0.25 },
      steps: 8,
      lr: { kind: 'constant', lr: 1e-3 },
      checkpoints: { every: null, at: [] },
      checkpointDir: join(dir.path, name),
    })
    const straight = await run(ft('ft-straight'))
    const replay = straight.messages.flatMap((m) => (m.type === 'metrics' ? m.points.filter((p) => p.key === 'train/replay') : []))
    expect(replay.map((p) => p.value)).toEqual(Array(8).fill(0.25))

    const paused = await run(ft('ft-paused'), null, (step) => (step === 3 ? 'pause' : 'run'))
    expect(paused.outcome).toBe('paused')
    expect(paused.messages.filter((m) => m.type === 'checkpoint').map((m) => m.step)).toEqual([3])
    const resumed = await run(ft('ft-paused'), checkpointFolder(join(dir.path, 'ft-paused'), 3))
    const losses = [...paused.losses, ...resumed.losses].map((p) => p.value)
    expect(losses).toHaveLength(8)
    straight.losses.forEach((p, i) => expect(Math.abs(p.value - losses[i]!)).toBeLessThan(1e-5))
    const final = await loadCheckpoint(checkpointFolder(join(dir.path, 'ft-paused'), 8))
    expect(final.manifest).toMatchObject({ step: 8, phase: 'finetune', parent })
  }, 120_000)

  it('records forgetting as it happens: held-out pre-training loss from step 0 whatever the replay, task and replay losses apart', async () => {
    const base = tinyJob(dir.path, { checkpointDir: join(dir.path, 'val-base'), evalEvery: 3 })
    const pre = await run({ ...base, checkpoints: { every: null, at: [] } })
    const points = (r: Awaited<ReturnType<typeof run>>, key: string) => r.messages.flatMap((m) => (m.type === 'metrics' ? m.points.filter((p) => p.key === key) : []))
    const parentEnd = points(pre, 'val/loss').at(-1)!
    const ft = (replay: number, name: string): TrainJobInput => ({
      ...base,
      runId: 3,
      phase: 'finetune',
      init: { from: 'checkpoint', path: checkpointFolder(base.checkpointDir, 6) },
      // No corpus to train on at 0% replay, yet the lineage's corpus is scored.
      data: { corpus: replay > 0 ? base.data.corpus : null, task: join(dir.path, 'task.jsonl'), replay, heldOut: [{ name: 'suite', path: base.data.corpus! }] },
      steps: 8,
      evalEvery: 4,
      lr: { kind: 'constant', lr: 3e-3 },
      checkpoints: { every: null, at: [] },
      checkpointDir: join(dir.path, name),
    })
    const noReplay = await run(ft(0, 'val-0'))
    const val = points(noReplay, 'val/loss')
    expect(val.map((p) => p.step)).toEqual([0, 4, 8])
    // Step 0 is the parent's value: the same weights on the same held-out windows.
    expect(val[0]!.value).toBeCloseTo(parentEnd.value, 5)
    expect(points(noReplay, 'val/ppl')).toHaveLength(3)
    expect(points(noReplay, 'train/task_loss').map((p) => p.value)).toEqual(points(noReplay, 'train/loss').map((p) => p.value))
    expect(points(noReplay, 'train/replay_loss')).toEqual([])

    const withReplay = await run(ft(0.5, 'val-50'))
    const loss = points(withReplay, 'train/loss')
    const task = points(withReplay, 'train/task_loss')
    const replayed = points(withReplay, 'train/replay_loss')
    expect(task.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(replayed.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    // The combined loss is their token-weighted mean, so it lies between them, and they differ.
    loss.forEach((p, i) => {
      expect(p.value).toBeGreaterThanOrEqual(Math.min(task[i]!.value, replayed[i]!.value) - 1e-6)
      expect(p.value).toBeLessThanOrEqual(Math.max(task[i]!.value, replayed[i]!.value) + 1e-6)
    })
    expect(Math.abs(task[0]!.value - replayed[0]!.value)).toBeGreaterThan(0.01)
  }, 120_000)

  it('refuses a bad task file naming the line, before training', async () => {
    const spec = tinyJob(dir.path, { phase: 'finetune' })
    const bad = join(dir.path, 'bad.jsonl')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(bad, '{"prompt":"a","completion":"b"}\n{"prompt":"a"}\n')
    await expect(run({ ...spec, data: { corpus: null, task: bad, replay: 0 } })).rejects.toThrow(`${bad}, line 2: completion:`)
  })

  it('validates the spec, naming the field', () => {
    const r = TrainJobSpec.safeParse({ ...tinyJob(dir.path), data: { corpus: 'x', task: null, replay: 1.5 } })
    expect(r.success).toBe(false)
    expect(r.error!.issues[0]!.path).toEqual(['data', 'replay'])
    expect(r.error!.issues[0]!.message).toBe('must be between 0 and 1')
  })
})
