/**
 * A researcher's own data end to end, through real worker processes: a text corpus of
 * biographies, a JSONL generation task (where does each person live?) and a CSV
 * classification task with a split column are imported; a schedule pre-trains on the corpus
 * with checkpoints at steps 2 and 4, fine-tunes each checkpoint on each task with replay 0
 * and 0.25 from the corpus, and evaluates both tasks on the base and fine-tuned checkpoints.
 * The heatmap model (pure, from the renderer) is then filled from the store's rows.
 */
import { afterAll, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { importCorpus, importTask, taskDefinitionPath } from '../../electron/core/datasets'
import { createExperiment } from '../../electron/core/experiments/create'
import { evaluationRows } from '../../electron/core/experiments/evaluation-rows'
import { openService } from '../../electron/core/service'
import { buildHeatmap } from '../../renderer/src/heatmaps/heatmap-model'
import type { ExperimentScheduleInput } from '../../shared'
import { writeBios } from '../helpers/bios'
import { tempDir } from '../helpers/temp'

const dir = tempDir()
afterAll(() => dir.cleanup())

export const importedSchedule = (name: string, steps: [number, number], finetuneSteps: number): ExperimentScheduleInput => ({
  name,
  model: { layers: 1, heads: 2, width: 32, context: 64, vocab: 257 },
  backend: 'wasm',
  pretrain: { corpus: { dataset: 'bios' }, checkpoints: { kind: 'at', steps }, length: { steps: steps[1] }, batch: 8, lr: { kind: 'constant', lr: 3e-3 } },
  branches: [
    {
      name: 'ft',
      from: 'all',
      tasks: ['where', 'doctor'],
      length: { steps: finetuneSteps },
      batch: 8,
      lr: { kind: 'constant', lr: 1e-3 },
      replay: [0, 0.25],
      replayCorpus: { dataset: 'bios' },
      eval: { tasks: ['where', 'doctor'], splits: ['test'], maxExamples: 12 },
    },
  ],
  baseEval: { tasks: ['where', 'doctor'], splits: ['test'], maxExamples: 12 },
})

it('imports a corpus and two tasks, fine-tunes and evaluates them like suite tasks', async () => {
  const files = writeBios(dir.path)
  const data = `${dir.path}/data`
  const service = openService(data, { autoStart: false, concurrency: 2 })
  try {
    await importCorpus(service.store, data, { name: 'bios', file: files.corpus })
    const where = await importTask(service.store, data, { name: 'where', file: files.where, testFraction: 0.2 })
    const doctor = await importTask(service.store, data, { name: 'doctor', file: files.doctor })
    expect(where.stats.splits).toEqual({ train: 48, test: 12, ood: 0 })
    expect(doctor.stats.splits).toEqual({ train: 48, test: 12, ood: 0 })

    const { experiment } = await createExperiment(service.store, data, importedSchedule('imported', [2, 4], 3))
    service.runner.wake()
    await service.runner.idle()
    const runs = service.store.runs.list({ experimentId: experiment.id })
    expect(runs.map((r) => `${r.name}: ${r.status}`).filter((s) => !s.endsWith('completed'))).toEqual([])
    expect(runs.filter((r) => r.kind === 'finetune')).toHaveLength(8)

    const rows = evaluationRows(service.store, experiment.id)
    const scores = (task: string, metric: string, kind: string) => rows.filter((r) => r.task === task && r.metric === metric && r.runKind === kind)
    // Base: both pre-training checkpoints; fine-tuned: each of the 8 runs' final checkpoint, on both tasks.
    for (const [task, metric] of [['where', 'rouge-l'], ['where', 'exact-match'], ['doctor', 'accuracy'], ['doctor', 'majority-baseline']] as const) {
      expect(scores(task, metric, 'pretrain').map((r) => r.step).sort(), `${task} ${metric} base`).toEqual([2, 4])
      expect(scores(task, metric, 'finetune'), `${task} ${metric} fine-tuned`).toHaveLength(8)
    }
    // Held-out loss of the corpus: a curve in every training run, and a row beside every evaluated checkpoint.
    for (const r of runs.filter((x) => x.kind !== 'evaluate')) expect(service.store.metrics.keys(r.id), r.name).toContain('val/loss')
    const corpusRows = rows.filter((r) => r.task === 'corpus:bios')
    expect(corpusRows.every((r) => r.metric === 'loss' && r.value > 0 && r.ciLow! <= r.value && r.value <= r.ciHigh!)).toBe(true)
    expect(new Set(corpusRows.map((r) => r.checkpointId)).size).toBe(10)
    for (const r of rows.filter((x) => x.metric !== 'majority-baseline' && x.metric !== 'loss')) {
      expect(r.value).toBeGreaterThanOrEqual(0)
      expect(r.value).toBeLessThanOrEqual(1)
      expect(r.ciLow).not.toBeNull()
      expect(r.n).toBe(12)
    }
    // The majority baseline: the train split's most frequent label ("no"), scored on the test split.
    const test = JSON.parse(readFileSync(taskDefinitionPath(doctor.dataset.path), 'utf8')) as { splits: { test: { label: string }[] } }
    const noShare = test.splits.test.filter((e) => e.label === 'no').length / test.splits.test.length
    for (const r of scores('doctor', 'majority-baseline', 'pretrain')) expect(r.value).toBeCloseTo(noShare, 6)

    const heatmap = buildHeatmap(
      { runs: service.store.runs.list({ experimentId: experiment.id }).map((r) => service.store.runs.summary(r.id)), checkpoints: service.store.checkpoints.listAll(), evaluations: rows },
      'score',
      { split: 'test', format: 'default', shots: 0, replay: 'all' },
    )
    expect(heatmap.columns).toEqual(expect.arrayContaining(['doctor', 'where']))
    const filled = heatmap.cells.filter((c) => c.evaluated)
    // 2 pre-training rows + 8 fine-tuned rows, each with both tasks.
    expect(heatmap.rows).toHaveLength(10)
    expect(filled.filter((c) => c.task === 'where' || c.task === 'doctor')).toHaveLength(20)
    // The corpus column: every row, on its own lower-is-better scale spanning the losses.
    const corpusCells = filled.filter((c) => c.task === 'corpus:bios')
    expect(corpusCells).toHaveLength(10)
    expect(corpusCells.every((c) => c.lowerIsBetter)).toBe(true)
    const losses = corpusCells.map((c) => c.value!)
    expect(heatmap.corpusScale!.min).toBeLessThanOrEqual(Math.min(...losses))
    expect(heatmap.corpusScale!.max).toBeGreaterThanOrEqual(Math.max(...losses))
    expect(heatmap.scale).toMatchObject({ kind: 'sequential', min: 0, max: 1 })
  } finally {
    service.close()
  }
}, 600_000)
