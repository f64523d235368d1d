/**
 * The format view's note under its table, and the heatmap cell's tooltip line, for prompts cut
 * to the context: the built-in study's instruct nli prompts (147–200 bytes) in a 96-token model.
 */
import { describe, expect, it } from 'vitest'
import { formatTruncationNotes } from '../../renderer/src/heatmaps/format-truncation'
import { scoreIndex, type Heatmap, type HeatmapCell } from '../../renderer/src/heatmaps/heatmap-model'
import { cellTooltip } from '../../renderer/src/heatmaps/heatmap-option'
import { PROMPT_FORMATS, type EvaluationRow } from '../../shared'

let nextId = 1
const evaluation = (checkpointId: number, promptFormat: EvaluationRow['promptFormat'], metric: string, truncated: number | null): EvaluationRow => ({
  id: nextId++, checkpointId, task: 'nli', split: 'test', promptFormat, shots: 0, metric, value: 0.4, ciLow: 0.33, ciHigh: 0.47, n: 200, truncated, createdAt: 0,
  runId: 2, runName: 'nli from step 400', runKind: 'finetune', seed: 0, tags: [], step: 300, tokens: 0, trainedTask: 'nli', replay: 0, fromStep: 400, context: 96,
})

describe('the format view’s note on cut prompts', () => {
  const rows = [10, 11].flatMap((id) => [
    evaluation(id, 'default', 'accuracy', 0),
    evaluation(id, 'instruct', 'accuracy', 200),
    // The majority baseline scores no prompt; the view reads accuracy, never it.
    evaluation(id, 'instruct', 'majority-baseline', null),
    evaluation(id, 'input-only', 'accuracy', id === 10 ? 7 : null),
  ])
  const byFormat = PROMPT_FORMATS.map((format) => scoreIndex(rows, { split: 'test', format, shots: 0 }))

  it('names each format whose prompts were cut, summed over the checkpoints shown; none where nothing was cut', () => {
    expect(formatTruncationNotes(PROMPT_FORMATS, byFormat, 'nli', [10, 11])).toEqual([
      'instruct: 400 of 400 prompts longer than the 96-token context lost their beginning (over 2 checkpoints)',
      // Checkpoint 11's input-only row did not count its prompts: only checkpoint 10's count is read.
      'input-only: 7 of 200 prompts longer than the 96-token context lost their beginning',
    ])
    expect(formatTruncationNotes(PROMPT_FORMATS, byFormat, 'nli', [11])).toEqual(['instruct: 200 of 200 prompts longer than the 96-token context lost their beginning'])
    expect(formatTruncationNotes(PROMPT_FORMATS, byFormat, 'qa', [10, 11])).toEqual([])
    expect(formatTruncationNotes(PROMPT_FORMATS, byFormat, null, [10, 11])).toEqual([])
  })

  it('is said in the heatmap cell’s tooltip, and not where nothing was cut', () => {
    const cell = (truncated: number | null): HeatmapCell => ({
      row: 0, col: 0, checkpointId: 10, task: 'nli', value: 0.4, scoreMetric: 'accuracy', score: 0.4, base: null, ciLow: 0.33, ciHigh: 0.47, n: 200, truncated, context: 96, evaluated: true, lowerIsBetter: false,
    })
    const h: Heatmap = {
      metric: 'score',
      rows: [{ key: '10', checkpointId: 10, label: 'nli from step 400 · step 300', group: 'from step 400', sub: 'nli', runId: 2, runName: 'nli from step 400', kind: 'finetune', step: 300, fromStep: 400, replay: 0, trainedTask: 'nli' }],
      columns: ['nli'],
      cells: [cell(200)],
      scale: { kind: 'sequential', min: 0, max: 1, center: null },
      corpusScale: null,
    }
    expect(cellTooltip(h, cell(200), 'score').split('<br/>').at(-1)).toBe('<span style="color:#e8590c">200 of 200 prompts longer than the 96-token context lost their beginning</span>')
    expect(cellTooltip(h, cell(0), 'score')).not.toContain('prompts')
    expect(cellTooltip(h, cell(null), 'score')).not.toContain('prompts')
  })
})
