/**
 * Every finding on hand-made rows shaped like a study: the default study (built so that each
 * finding holds), the same study edited so that it does not, and with cells dropped so that
 * it cannot be judged. Values asserted are the ones the fixture's numbers give.
 */
import { describe, expect, it } from 'vitest'
import { computeFindings, type Finding, type FindingId, type TaskInfo } from '../../../shared/findings'
import { STUDY_TASKS, rowsOf, studyCells, type Cell } from '../../helpers/study-cells'

const run = (cells: Cell[], tasks: TaskInfo[] = STUDY_TASKS) => computeFindings(rowsOf(cells), tasks)
function finding<I extends FindingId>(list: Finding[], id: I): Extract<Finding, { id: I }> {
  const f = list.find((x): x is Extract<Finding, { id: I }> => x.id === id)
  if (!f) throw new Error(`no finding ${id}`)
  return f
}
const edit = (cells: Cell[], match: (c: Cell) => boolean, value: (c: Cell) => number) => cells.map((c) => (match(c) ? { ...c, value: value(c) } : c))

describe('the default study', () => {
  const all = run(studyCells())
  it('holds every finding, numbered 1–9, each with a sentence and no reason', () => {
    expect(all.map((f) => [f.number, f.verdict])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [n, 'holds']))
    for (const f of all) {
      expect(f.reason).toBeNull()
      expect(f.statement).toMatch(/\[\S+, \S+\]/)
    }
  })
})

describe('1 latent gains', () => {
  it('holds: nli fine-tuned rises from step 25 to 1,500 while the base stays at 0.33', () => {
    const f = finding(run(studyCells()), 'latent-gains')
    expect(f.statement).toBe(
      'Fine-tuning from later checkpoints scores higher on nli: 0.40 [0.36, 0.44] at step 25 → 0.78 [0.73, 0.83] at step 1,500, while the base model goes 0.33 [0.29, 0.37] → 0.33 [0.29, 0.37]; step 400 and step 1,500 tie, so it flattens.',
    )
    const nli = f.series.curves.find((c) => c.task === 'nli')!
    // Step 1,500 is the mean of three seeds (0.78, 0.76, 0.80), step 400 of (0.75, 0.73, 0.77).
    expect(nli.points.map((p) => [p.step, p.tokens, +p.finetuned!.value.toFixed(6), p.base?.value])).toEqual([
      [25, 25 * 1024, 0.4, 0.33],
      [100, 100 * 1024, 0.6, 0.33],
      [400, 400 * 1024, 0.75, 0.33],
      [1500, 1500 * 1024, 0.78, 0.33],
    ])
  })
  it('does not hold when no not-learned task rises beyond its intervals', () => {
    const cells = edit(studyCells(), (c) => c.role === 'ft' && c.replay === 0 && c.trained === c.task && (c.task === 'nli' || c.task === 'reverse') && c.format === 'default' && c.metric !== 'generation-accuracy', (c) => (c.task === 'nli' ? 0.5 : 0.2))
    const f = finding(run(cells), 'latent-gains')
    expect(f.verdict).toBe('does-not-hold')
    expect(f.reason).toContain('nli and reverse')
  })
  it('cannot be judged with fine-tunes from one checkpoint only', () => {
    const f = finding(run(studyCells().filter((c) => c.role !== 'ft' || c.from === 1500)), 'latent-gains')
    expect(f.verdict).toBe('cannot-judge')
    expect(f.statement).toMatch(/^Not shown: /)
  })
})

describe('2 dichotomy', () => {
  it('holds: the not-learned group gains 0.36 on average, the learned 0.02', () => {
    const f = finding(run(studyCells()), 'dichotomy')
    expect(f.series.gains.map((g) => [g.task, g.learned, +g.gain.value.toFixed(3)])).toEqual([
      ['facts', true, 0.03],
      ['nli', false, 0.45],
      ['para', true, 0.02],
      ['reverse', false, 0.27],
    ])
    expect(f.series.notLearned!.value).toBeCloseTo(0.36, 10)
    expect(f.series.learned!.value).toBeCloseTo(0.025, 10)
  })
  it('does not hold when a learned task gains as much', () => {
    // nli and reverse fine-tuned from step 1,500 gain 0.02 and 0.01, like facts and para.
    const cells = edit(studyCells(), (c) => c.role === 'ft' && c.from === 1500 && c.replay === 0 && c.trained === c.task && c.format === 'default' && (c.task === 'nli' || c.task === 'reverse'), (c) => (c.task === 'nli' ? 0.35 : 0.06))
    const f = finding(run(cells), 'dichotomy')
    expect(f.verdict).toBe('does-not-hold')
  })
  it('cannot be judged without a learned fine-tuned task; an unmarked task is inferred from its base', () => {
    const noLearned = studyCells().filter((c) => !(c.role === 'ft' && (c.trained === 'facts' || c.trained === 'para')))
    expect(finding(run(noLearned), 'dichotomy').reason).toBe('no task learned in pre-training is fine-tuned')
    // para unmarked: base 0.80 [0.76, 0.84] at the last step is above its majority 0.50, so learned.
    const unmarked = STUDY_TASKS.map((t) => (t.task === 'para' || t.task === 'nli' ? { ...t, learned: null } : t))
    const f = finding(run(studyCells(), unmarked), 'dichotomy')
    expect(f.series.gains.map((g) => [g.task, g.learned])).toEqual([
      ['facts', true],
      ['nli', false],
      ['para', true],
      ['reverse', false],
    ])
    expect(f.verdict).toBe('holds')
  })
})

describe('3 an early checkpoint fine-tuned beats the final base', () => {
  it('holds from step 100 (step 25’s 0.40 [0.36, 0.44] overlaps the base’s 0.33 [0.29, 0.37])', () => {
    const f = finding(run(studyCells()), 'early-beats-final')
    const nli = f.series.tasks.find((t) => t.task === 'nli')!
    expect(nli.beatenFrom?.step).toBe(100)
    expect(f.statement).toContain('Fine-tuned from step 100, nli scores 0.60 [0.56, 0.64]')
  })
  it('does not hold when every earlier fine-tune stays at the final base score', () => {
    const cells = edit(studyCells(), (c) => c.role === 'ft' && c.task === c.trained && c.from < 1500, (c) => (c.task === 'nli' ? 0.33 : c.task === 'reverse' ? 0.05 : c.value))
    expect(finding(run(cells), 'early-beats-final').verdict).toBe('does-not-hold')
  })
  it('cannot be judged without base evaluations', () => {
    expect(finding(run(studyCells().filter((c) => c.role !== 'base')), 'early-beats-final').verdict).toBe('cannot-judge')
  })
})

describe('4 forgetting', () => {
  it('holds: MRC < 0 and classification fine-tuning hurts generation more than the reverse', () => {
    const f = finding(run(studyCells()), 'forgetting')
    const nli = f.series.branches.find((b) => b.trained === 'nli')!
    // Held out from nli: para (0.80 → 0.70) and facts (0.90 → 0.27); reverse (base 0.05) and nli's
    // own score are not held-out tasks the base can do.
    expect(nli.heldOut.map((h) => h.task).sort()).toEqual(['facts', 'para'])
    expect(nli.mrc!.value).toBeCloseTo((-0.1 / 0.8 + (0.27 - 0.9) / 0.9) / 2, 10)
    // Generation tasks after classification fine-tuning: facts after nli (0.90 → 0.27) and after para (0.90 → 0.85).
    expect(f.series.classificationOnGeneration!.value).toBeCloseTo((-0.7 + (0.85 - 0.9) / 0.9) / 2, 10)
    expect(f.verdict).toBe('holds')
  })
  it('does not hold when fine-tuning leaves held-out tasks where they were', () => {
    const cells = studyCells().map((c) => {
      if (c.role !== 'ft' || c.task === c.trained || c.replay !== 0) return c
      const base = studyCells().find((b) => b.role === 'base' && b.from === c.from && b.task === c.task && b.metric === c.metric)
      return base ? { ...c, value: base.value } : c
    })
    const f = finding(run(cells), 'forgetting')
    expect(f.verdict).toBe('does-not-hold')
    expect(f.reason).toMatch(/^the MRC interval/)
  })
  it('cannot judge the cross-kind comparison without a generation fine-tune', () => {
    const f = finding(run(studyCells().filter((c) => !(c.role === 'ft' && (c.trained === 'reverse' || c.trained === 'facts')))), 'forgetting')
    expect(f.verdict).toBe('cannot-judge')
    expect(f.reason).toBe('no generation fine-tune evaluated on a classification task the base can do')
  })
})

describe('5 replay', () => {
  it('holds: loss falls and knowledge rises with p, nli itself moves only at 25%', () => {
    const f = finding(run(studyCells()), 'replay')
    const s = f.series.sweeps.find((x) => x.trained === 'nli' && x.fromStep === 1500)!
    expect(s.points.map((p) => [p.replay, p.loss?.value])).toEqual([
      [0, 2.6],
      [0.01, 2.0],
      [0.05, 1.8],
      [0.25, 1.65],
    ])
    expect(s.points[0]!.knowledge!.value).toBeCloseTo((0.7 + 0.27) / 2, 10)
    expect(f.verdict).toBe('holds')
  })
  it('does not hold when 5% forgets more than 1%', () => {
    const cells = edit(studyCells(), (c) => c.role === 'ft' && c.replay === 0.05 && c.task === 'corpus:suite', () => 2.4)
    const f = finding(run(cells), 'replay')
    expect(f.verdict).toBe('does-not-hold')
    expect(f.reason).toBe('the loss does not fall monotonically with p beyond the intervals')
  })
  it('cannot be judged without the held-out loss rows', () => {
    const f = finding(run(studyCells().filter((c) => c.task !== 'corpus:suite')), 'replay')
    expect(f.verdict).toBe('cannot-judge')
    expect(f.reason).toContain('held-out pre-training loss')
  })
})

describe('6 format sensitivity', () => {
  it('holds: the spread shrinks from 0.30 to 0.05 and input-only is lowest', () => {
    const f = finding(run(studyCells()), 'format-sensitivity')
    expect(f.series.points.map((p) => [p.step, +p.spread.value.toFixed(3)])).toEqual([
      [25, 0.3],
      [100, 0.2],
      [400, 0.1],
      [1500, 0.05],
    ])
    expect(f.verdict).toBe('holds')
  })
  it('does not hold when the spread stays', () => {
    const cells = edit(studyCells(), (c) => c.role === 'ft' && c.format === 'input-only', (c) => (studyCells().find((d) => d.role === 'ft' && d.from === c.from && d.trained === 'nli' && d.task === 'nli' && d.format === 'default' && d.metric === 'accuracy' && d.seed === 0)!.value - 0.3))
    const f = finding(run(cells), 'format-sensitivity')
    expect(f.verdict).toBe('does-not-hold')
    expect(f.reason).toContain('spread at the last checkpoint')
  })
  it('cannot be judged in one format', () => {
    expect(finding(run(studyCells().filter((c) => c.format === 'default')), 'format-sensitivity').verdict).toBe('cannot-judge')
  })
  it('notes the formats whose prompts were cut to the context, its verdict and sentence unchanged', () => {
    const plain = finding(run(studyCells()), 'format-sensitivity')
    expect(plain.notes).toBeUndefined()
    // Every instruct prompt cut (the built-in study's 147–200-byte instruct nli prompts in 96
    // tokens), 3 of each 200 default ones, no input-only one; the generation scorer's rows are
    // not the finding's metric, so their count is not read.
    const counted = studyCells().map((c): Cell => {
      if (c.role !== 'ft' || c.trained !== 'nli' || c.task !== 'nli' || c.replay !== 0) return c
      if (c.metric === 'generation-accuracy') return { ...c, truncated: 200 }
      return { ...c, truncated: c.format === 'instruct' ? 200 : c.format === 'default' ? 3 : 0 }
    })
    const f = finding(run(counted), 'format-sensitivity')
    // default: seeds 0–2 at steps 400 and 1,500, seed 0 at 25 and 100: 8 rows, 24 of 1,600.
    expect(f.notes).toEqual([
      'default: 1.5% of nli prompts (24 of 1,600) were cut to the 96-token context, losing their beginning',
      'instruct: 100% of nli prompts (800 of 800) were cut to the 96-token context, losing their beginning',
    ])
    expect([f.verdict, f.statement, f.reason]).toEqual([plain.verdict, plain.statement, plain.reason])
    // Rows that did not count their prompts (recorded before counts were kept) say nothing.
    const uncounted = counted.map((c) => (c.format === 'instruct' && c.from === 25 ? { ...c, truncated: undefined } : c))
    expect(finding(run(uncounted), 'format-sensitivity').notes?.[1]).toBe('instruct: 100% of nli prompts (600 of 600) were cut to the 96-token context, losing their beginning')
  })
})

describe('7 scorer sensitivity', () => {
  it('holds: base 0.02 by generation against 0.33 by TokenProb; fine-tuned 0.77 and 0.78', () => {
    const f = finding(run(studyCells()), 'scorer-sensitivity')
    const p = f.series.pairs.find((x) => x.task === 'nli')!
    expect([p.base?.generation.value, p.base?.tokenProb.value, p.finetuned?.generation.value, p.finetuned?.tokenProb.value].map((v) => +v!.toFixed(6))).toEqual([0.02, 0.33, 0.77, 0.78])
  })
  it('does not hold when the fine-tuned model still disagrees', () => {
    const cells = edit(studyCells(), (c) => c.role === 'ft' && c.metric === 'generation-accuracy', () => 0.2)
    expect(finding(run(cells), 'scorer-sensitivity').verdict).toBe('does-not-hold')
  })
  it('cannot be judged without generation scoring', () => {
    const f = finding(run(studyCells().filter((c) => c.metric !== 'generation-accuracy')), 'scorer-sensitivity')
    expect(f.verdict).toBe('cannot-judge')
  })
})

describe('8 sequence A → B', () => {
  it('holds: BWT −0.30 without replay, −0.06 with 25%', () => {
    const f = finding(run(studyCells()), 'sequence')
    const [none, withReplay] = f.series.matrices
    expect(none!.variant.matrix.map((row) => row.map((e) => e!.value))).toEqual([
      [0.75, 0.05],
      [0.45, 0.3],
    ])
    expect(none!.bwt!.value).toBeCloseTo(-0.3, 10)
    expect(withReplay!.bwt!.value).toBeCloseTo(-0.06, 10)
    // FWT: R[0][1] − base reverse at step 1,500 = 0.05 − 0.05.
    expect(none!.fwt!.value).toBeCloseTo(0, 10)
    expect(f.statement).toContain('BWT −0.30 [−0.36, −0.24] without replay')
  })
  it('holds for a variant that replays only while learning B: one variant, R[0][0] shared with the no-replay one', () => {
    // The replay variant's stage 1 is the no-replay stage 1 (replay 0, nli 0.75), its stage 2
    // replays 25%: BWT 0.68 − 0.75 = −0.07 against 0.45 − 0.75 = −0.30.
    const cells = studyCells().map((c) => {
      if (!(c.role === 'seq' && c.replay > 0 && c.sequence?.stage === 0)) return c
      return { ...c, replay: 0, value: c.task === 'nli' ? 0.75 : c.value }
    })
    const f = finding(run(cells), 'sequence')
    const withReplay = f.series.matrices.find((m) => m.variant.name === 'nli-reverse-replay')!
    expect(f.series.matrices).toHaveLength(2)
    expect([withReplay.variant.replay, withReplay.variant.stageReplays]).toEqual([0.25, [0, 0.25]])
    expect(withReplay.bwt!.value).toBeCloseTo(-0.07, 10)
    expect(f.verdict).toBe('holds')
    expect(f.statement).toContain('with 0% → 25% replay, a difference of +0.23 [')
  })
  it('does not hold when replay forgets as much', () => {
    const cells = edit(studyCells(), (c) => c.role === 'seq' && c.replay > 0 && c.sequence?.stage === 1 && c.task === 'nli', () => 0.45)
    expect(finding(run(cells), 'sequence').verdict).toBe('does-not-hold')
  })
  it('cannot be judged when a stage is missing a task', () => {
    const cells = studyCells().filter((c) => !(c.role === 'seq' && c.replay === 0 && c.sequence?.stage === 1 && c.task === 'nli'))
    const f = finding(run(cells), 'sequence')
    expect(f.verdict).toBe('cannot-judge')
    expect(f.reason).toBe('no task sequence was run both without replay and with replay')
  })
})

describe('9 seeds', () => {
  it('holds: 0.75 and 0.78 across 3 seeds tie; step 25’s 0.40 does not', () => {
    const f = finding(run(studyCells()), 'seeds')
    const nli = f.series.tasks.find((t) => t.task === 'nli')!
    expect(nli.late!.map((c) => [c.step, c.estimate.seeds, +c.estimate.value.toFixed(3)])).toEqual([
      [400, 3, 0.75],
      [1500, 3, 0.78],
    ])
    expect(f.verdict).toBe('holds')
  })
  it('does not hold when the late checkpoints separate', () => {
    const cells = edit(studyCells(), (c) => c.role === 'ft' && c.trained === 'nli' && c.task === 'nli' && c.from === 400 && c.format === 'default' && c.metric === 'accuracy' && c.replay === 0, (c) => c.value - 0.25)
    expect(finding(run(cells), 'seeds').verdict).toBe('does-not-hold')
  })
  it('cannot be judged with fewer than 3 seeds', () => {
    const f = finding(run(studyCells().filter((c) => c.seed < 2)), 'seeds')
    expect(f.verdict).toBe('cannot-judge')
    expect(f.reason).toContain('at least 3 seeds')
  })
})

describe('any experiment', () => {
  it('judges nothing, without throwing, on no rows or rows of unknown tasks', () => {
    expect(computeFindings([], []).map((f) => f.verdict)).toEqual(Array(9).fill('cannot-judge'))
    const renamed = studyCells().map((c) => ({ ...c, task: c.task === 'nli' ? 'my-mnli' : c.task, trained: c.trained === 'nli' ? 'my-mnli' : c.trained }))
    const tasks = STUDY_TASKS.map((t) => (t.task === 'nli' ? { ...t, task: 'my-mnli', learned: null } : t))
    const f = finding(run(renamed, tasks), 'latent-gains')
    // my-mnli unmarked: its base 0.33 [0.29, 0.37] at the last step is not above the majority 0.34.
    expect(f.verdict).toBe('holds')
    expect(f.statement).toContain('on my-mnli')
  })
})
