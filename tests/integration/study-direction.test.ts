/**
 * The built-in study at its `small` scale, on real training (no stubs), must show the
 * findings that hold at that scale, judged by the same functions the Study page and the CLI
 * use (shared/findings). Measured at this scale (2026-12-02): knowledge arrives (facts 0.13
 * → 0.81 from step 100 to 600) but qa after fine-tuning does not rise beyond its intervals
 * (0.13, 0.09, 0.16 on 32 questions: 32 people are too few for extraction), so latent gains
 * are asserted only in the default study; here:
 *   - the base model never answers qa (0 at every checkpoint) and learns facts over the checkpoints;
 *   3. a fine-tuned early checkpoint beats the final base (nli);
 *   4. forgetting: fine-tuning lowers held-out tasks (MRC < 0);
 *   7. scorer sensitivity: the base model's nli is near 0 by generation and near chance by
 *      TokenProb, and after fine-tuning the two agree;
 * (measured: qa fine-tuned from step 100, 0.13 [0.03, 0.25], against the final base's 0.00;
 * MRC −0.80 [−0.96, −0.61] after fine-tuning qa). Replay is judged in the default study only
 * (not yet measured at this scale).
 * To keep CI short the sweep is trimmed: the template's three checkpoints for qa, nli from
 * the first and the last, no replay sweep, extra seeds or sequence.
 */
import { afterAll, expect, it } from 'vitest'
import { openService } from '../../electron/core/service'
import { createExperiment } from '../../electron/core/experiments/create'
import { evaluationRows } from '../../electron/core/experiments/evaluation-rows'
import { experimentTasks } from '../../electron/core/experiments/task-info'
import { studyTemplate } from '../../electron/core/experiments/templates'
import { buildCells, computeFindings, type Finding } from '../../shared/findings'
import { ExperimentSchedule, type FinetuneBranch } from '../../shared'
import { tempDir } from '../helpers/temp'

const dir = tempDir()
afterAll(() => dir.cleanup())

it('shows knowledge arriving, an early fine-tune beating the final base, forgetting, and the scorer mattering only before fine-tuning, on real training', async () => {
  const template = ExperimentSchedule.parse(studyTemplate({ scale: 'small', seed: 0 }))
  const steps = template.pretrain.checkpoints.kind === 'at' ? template.pretrain.checkpoints.steps : []
  const [first, last] = [steps[0]!, steps.at(-1)!]
  const branch = (name: string): FinetuneBranch => template.branches.find((b) => b.name === name)!
  const schedule = {
    ...template,
    name: 'direction test',
    branches: [
      branch('finetune'),
      { ...branch('finetune-nli'), from: { steps: [first, last] } },
    ],
    sequences: [],
    baseEval: { ...template.baseEval!, formats: ['default' as const] },
  }
  const service = openService(dir.path, { autoStart: false })
  try {
    const { experiment } = await createExperiment(service.store, dir.path, schedule)
    service.runner.wake()
    await service.runner.idle()
    const runs = service.store.runs.list({ experimentId: experiment.id })
    expect(runs.map((r) => `${r.name}: ${r.status}`).filter((s) => !s.endsWith('completed'))).toEqual([])

    const rows = evaluationRows(service.store, experiment.id)
    const tasks = await experimentTasks(service.store, dir.path, experiment.id)
    const items = service.store.evaluations.itemsByExperiment(experiment.id)
    expect(items.size).toBeGreaterThan(rows.length / 2)
    const findings = computeFindings(rows, tasks, items)
    const factsAt = (step: number) => buildCells(rows, tasks, items).base('facts', step)!
    const f = <Id extends Finding['id']>(id: Id) => findings.find((x): x is Extract<Finding, { id: Id }> => x.id === id)!
    const say = (x: Finding) => `${x.number}. ${x.statement} ${x.reason ?? ''}`

    const qa = f('latent-gains').series.curves.find((c) => c.task === 'qa')!
    expect(qa.points.every((p) => p.base !== null && p.base.value === 0), 'qa base is 0 at every checkpoint').toBe(true)
    expect(factsAt(last).low, 'facts: knowledge arrives over the checkpoints').toBeGreaterThan(factsAt(first).high)
    expect(f('early-beats-final').verdict, say(f('early-beats-final'))).toBe('holds')
    expect(f('forgetting').series.mrc!.high, say(f('forgetting'))).toBeLessThan(0)
    expect(f('scorer-sensitivity').verdict, say(f('scorer-sensitivity'))).toBe('holds')
  } finally {
    service.close()
  }
}, 900_000)
