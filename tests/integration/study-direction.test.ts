/**
 * The built-in study at its `small` scale, on real training (no stubs), must show the
 * findings that hold at that scale, judged by the same functions the Study page and the CLI
 * use (shared/findings):
 *   1. latent gains: qa (knowledge extraction) after fine-tuning rises with the checkpoint
 *      while its base stays at 0;
 *   3. a fine-tuned early checkpoint beats the final base on qa;
 *   4. forgetting: fine-tuning lowers the knowledge task (MRC < 0);
 *   5. replay: held-out pre-training loss and the knowledge task recover with replay;
 *   7. scorer sensitivity: the base model is at 0 by free generation on nli and near chance
 *      by TokenProb.
 * To keep CI near 5 minutes the sweep is trimmed: the template's three checkpoints for qa,
 * nli from the first and the last, one replay ratio besides 0, no extra seeds or sequence.
 */
import { afterAll, expect, it } from 'vitest'
import { openService } from '../../electron/core/service'
import { createExperiment } from '../../electron/core/experiments/create'
import { evaluationRows } from '../../electron/core/experiments/evaluation-rows'
import { experimentTasks } from '../../electron/core/experiments/task-info'
import { studyTemplate } from '../../electron/core/experiments/templates'
import { computeFindings, type Finding } from '../../shared/findings'
import { ExperimentSchedule, type FinetuneBranch } from '../../shared'
import { tempDir } from '../helpers/temp'

const dir = tempDir()
afterAll(() => dir.cleanup())

it('shows latent gains, forgetting, recovery with replay and scorer sensitivity on real training', async () => {
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
      { ...branch('replay'), from: { steps: [last] }, replay: [0.25] },
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

    const findings = computeFindings(evaluationRows(service.store, experiment.id), await experimentTasks(service.store, dir.path, experiment.id))
    const f = <Id extends Finding['id']>(id: Id) => findings.find((x): x is Extract<Finding, { id: Id }> => x.id === id)!
    const say = (x: Finding) => `${x.number}. ${x.statement} ${x.reason ?? ''}`

    const qa = f('latent-gains').series.curves.find((c) => c.task === 'qa')!
    expect(qa.points.every((p) => p.base !== null && p.base.value === 0), 'qa base is 0 at every checkpoint').toBe(true)
    const [early, late] = [qa.points.find((p) => p.step === first)!, qa.points.find((p) => p.step === last)!]
    expect(late.finetuned!.low, say(f('latent-gains'))).toBeGreaterThan(early.finetuned!.high)
    expect(f('latent-gains').verdict, say(f('latent-gains'))).toBe('holds')
    expect(f('early-beats-final').verdict, say(f('early-beats-final'))).toBe('holds')
    expect(f('forgetting').verdict, say(f('forgetting'))).toBe('holds')
    expect(f('forgetting').series.mrc!.high).toBeLessThan(0)
    expect(f('replay').verdict, say(f('replay'))).toBe('holds')
    expect(f('scorer-sensitivity').verdict, say(f('scorer-sensitivity'))).toBe('holds')
  } finally {
    service.close()
  }
}, 900_000)
