/**
 * The suite's definitions plug straight into the evaluation code: every task renders in every
 * prompt format, labels are TokenProb-separable with the byte tokenizer, and an oracle model
 * that knows each answer scores 1 through classifyByTokenProb and evaluateGeneration.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { classifyByTokenProb, evaluateGeneration, labelDecidingTokens, type Scorer } from '../../electron/core/engine/eval'
import { tokenizerFromSpec } from '../../electron/core/engine/tokenizer'
import { readTaskFile } from '../../electron/core/jobs/data-files'
import { generateSuite, renderTrainFile } from '../../electron/core/tasks'
import { buildKShotPrompt, selectShots } from '../../shared/eval'
import { PROMPT_FORMATS } from '../../shared/schemas/checkpoint'
import { evalTaskOf, type TaskDefinition } from '../../shared/schemas/task'
import { tempDir } from '../helpers/temp'

const suite = generateSuite({ seed: 3, scale: 'tiny' })
const tok = tokenizerFromSpec({ kind: 'byte' })
const dir = tempDir()
afterAll(() => dir.cleanup())

describe('labels', () => {
  it('differ in their first byte, so TokenProb can separate them in every format', () => {
    const classification = suite.tasks.filter((t) => t.kind === 'classification')
    expect(classification.map((t) => t.id)).toEqual(['country', 'nli', 'paraphrase'])
    for (const t of classification) {
      const first = t.labels!.map((l) => tok.encode(l)[0])
      expect(new Set(first).size, t.id).toBe(t.labels!.length)
      for (const format of PROMPT_FORMATS) expect(() => labelDecidingTokens(tok, { task: evalTaskOf(t), format }, t.labels!)).not.toThrow()
    }
  })
})

describe('prompt formats', () => {
  it('render for every task: default is the training format, instruct adds the instruction, input-only drops the cue', () => {
    for (const t of suite.tasks) {
      const et = evalTaskOf(t)
      const query = t.splits.test[0]!
      const shots = selectShots(t.splits.train, 4, 1, query)
      for (const format of PROMPT_FORMATS) {
        const prompt = buildKShotPrompt(et.template, format, shots, query)
        expect(prompt.endsWith(et.template.prompt[format](query)), `${t.id} ${format}`).toBe(true)
        expect(prompt.split(et.template.separator)).toHaveLength(5)
        expect(prompt.includes(t.template.instruction)).toBe(format === 'instruct')
        // A completion task (inline) has no cue: the answer continues the input's line.
        expect(prompt.includes(t.template.cue)).toBe(format !== 'input-only' && !t.template.inline)
      }
    }
  })
})

describe('training files', () => {
  it('are JSONL the fine-tuning job reads, in the default format with the answer as completion', async () => {
    for (const t of suite.tasks) {
      const text = renderTrainFile(t)
      const path = join(dir.path, `${t.id}.jsonl`)
      writeFileSync(path, text)
      const lines = await readTaskFile(path)
      expect(lines).toHaveLength(t.splits.train.length)
      const et = evalTaskOf(t)
      lines.forEach((l, i) => {
        const e = t.splits.train[i]!
        expect(l.prompt).toBe(et.template.prompt.default(e))
        expect(l.completion).toBe(` ${e.label ?? e.target}`)
      })
    }
  })
})

describe('evaluation with an oracle model', () => {
  it('scores 1 on every task, split and format through the evaluation functions', () => {
    for (const t of suite.tasks)
      for (const split of ['test', 'ood'] as const)
        for (const format of PROMPT_FORMATS) {
          const o = { task: evalTaskOf(t), format, shots: 2, train: t.splits.train, test: t.splits[split], seed: 5 }
          const scorer = oracle(t, split, format)
          if (t.kind === 'classification') {
            const r = classifyByTokenProb(scorer, tok, o)
            expect(r.accuracy.estimate, `${t.id} ${split} ${format}`).toBe(1)
            // Balanced labels: predicting one label cannot beat 1/k by much.
            expect(r.baseline.accuracy).toBeLessThanOrEqual(1 / t.labels!.length + 0.1)
          } else {
            const r = evaluateGeneration(scorer, tok, o)
            expect(r.exactMatchInterval.estimate, `${t.id} ${split} ${format} ${r.predictions.join('|')}`).toBe(1)
            expect(r.stops.every((s) => s === 'newline')).toBe(true)
          }
        }
  }, 60_000)
})

/**
 * A scorer that, after a query's prompt (the text after the last separator), puts all its mass
 * on the next byte of that query's answer and then on a newline; anywhere else it is uniform.
 */
function oracle(t: TaskDefinition, split: 'test' | 'ood', format: (typeof PROMPT_FORMATS)[number]): Scorer {
  const et = evalTaskOf(t)
  const answers = t.splits[split].map((e) => ({ prompt: et.template.prompt[format](e), answer: et.template.answer(e.label ?? e.target!, format) + '\n' }))
  const V = tok.vocabSize
  return {
    vocabSize: V,
    context: 4096,
    logProbs(tokens, batch, time) {
      const out = new Float32Array(batch * time * V).fill(Math.log(1 / V))
      for (let b = 0; b < batch; b++) {
        const text = tok.decode(tokens.subarray(b * time, (b + 1) * time))
        for (let pos = 0; pos < time; pos++) {
          const block = text.slice(0, pos + 1).split(et.template.separator).pop()!
          const hit = answers.find((a) => block.startsWith(a.prompt) && a.answer.startsWith(block.slice(a.prompt.length)))
          const next = hit?.answer[block.length - hit.prompt.length]
          if (next === undefined) continue
          const row = out.subarray((b * time + pos) * V, (b * time + pos + 1) * V)
          row.fill(-1e9)
          row[tok.encode(next)[0]!] = 0
        }
      }
      return out
    },
  }
}
