/**
 * The built-in study at reduced scale must show what the paper and the replay literature
 * report: (a) fine-tuning without replay makes the model forget what pre-training taught
 * (the facts task), and replaying pre-training data forgets less; (b) the fine-tuned score on
 * a task the corpus does not teach rises with the checkpoint fine-tuning started from, while
 * the base model stays near the majority baseline on it.
 *
 * To keep CI short the sweep is trimmed to its ends: an early and the last pre-training
 * checkpoint, one task, one replay ratio besides 0, in-domain test sets of at most 40
 * examples. Everything else is the template's (at its `small` scale).
 */
import { afterAll, expect, it } from 'vitest'
import { openService } from '../../electron/core/service'
import { createExperiment } from '../../electron/core/experiments/create'
import { evaluationRows } from '../../electron/core/experiments/evaluation-rows'
import { studyTemplate } from '../../electron/core/experiments/templates'
import { summarize } from '../../electron/core/experiments/summary'
import { planCheckpoints, ExperimentSchedule } from '../../shared'
import { tempDir } from '../helpers/temp'

const dir = tempDir()
afterAll(() => dir.cleanup())

it('shows forgetting, less forgetting with replay, and gains that grow with pre-training', async () => {
  const template = ExperimentSchedule.parse(studyTemplate({ scale: 'small', seed: 0 }))
  const steps = planCheckpoints(template.pretrain.checkpoints, (template.pretrain.length as { steps: number }).steps, [])
  const first = steps[2]! // a checkpoint that has barely trained (step 1 is pure initialisation)
  const last = steps.at(-1)!
  const schedule = {
    ...template,
    name: 'direction test',
    branches: [
      {
        ...template.branches[0]!,
        from: { steps: [first, last] },
        tasks: ['reverse'],
        replay: [0, 0.5],
        eval: { ...template.branches[0]!.eval, tasks: ['facts', 'reverse'], splits: ['test' as const], maxExamples: 40 },
      },
    ],
    baseEval: { ...template.baseEval!, tasks: ['facts', 'reverse', 'nli'], formats: ['default' as const], shots: [0], splits: ['test' as const], maxExamples: 40 },
  }
  const service = openService(dir.path, { autoStart: false })
  try {
    const { experiment } = await createExperiment(service.store, dir.path, schedule)
    service.runner.wake()
    await service.runner.idle()
    const runs = service.store.runs.list({ experimentId: experiment.id })
    expect(runs.map((r) => `${r.name}: ${r.status}`).filter((s) => !s.endsWith('completed'))).toEqual([])

    const s = summarize(evaluationRows(service.store, experiment.id))
    const base = s.base.get(0)!
    const branch = (task: string, from: number, replay: number) => s.branches.find((b) => b.task === task && b.fromStep === from && b.replay === replay)!

    // Pre-training taught the facts.
    expect(base.get(last)!.facts!).toBeGreaterThanOrEqual(0.5)
    // (a) Fine-tuning on a new task without replay loses facts; with replay it loses less.
    for (const task of ['reverse']) {
      const noReplay = branch(task, last, 0).scores.facts!
      const withReplay = branch(task, last, 0.5).scores.facts!
      expect(noReplay, `${task}: facts after fine-tuning without replay`).toBeLessThan(base.get(last)!.facts!)
      expect(withReplay, `${task}: facts with replay vs without`).toBeGreaterThan(noReplay)
    }
    // (b) The base model cannot do the new tasks at any checkpoint: no reversal, and NLI near
    // the majority class...
    for (const [, scores] of base) {
      expect(scores.reverse!).toBeLessThan(0.1)
      expect(Math.abs(scores.nli! - s.majority.nli!)).toBeLessThanOrEqual(0.2)
    }
    // ...and fine-tuning the later checkpoint reaches a higher score than fine-tuning the early one.
    for (const replay of [0, 0.5]) expect(branch('reverse', last, replay).scores.reverse!).toBeGreaterThan(branch('reverse', first, replay).scores.reverse! + 0.05)
  } finally {
    service.close()
  }
}, 900_000)
