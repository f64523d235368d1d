/**
 * An evaluation says how many prompts lost their beginning to the context: a real model with
 * the built-in study's 96-token context, the small suite's nli task in the default format
 * (72–98 bytes: 3 of 120 longer than 95, 1 longer than 96) and the instruct one (147–200 bytes: every one cut). The count
 * travels from the job's cells through the worker protocol into the store, unchanged.
 */
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { Gpt } from '../../electron/core/engine/model'
import type { Ops } from '../../electron/core/engine/ops'
import { initParams, paramLayout } from '../../electron/core/engine/params'
import { tokenizerFromSpec } from '../../electron/core/engine/tokenizer'
import { evaluateParams } from '../../electron/core/jobs/evaluate'
import { FromWorker } from '../../electron/core/jobs/protocol'
import { Store } from '../../electron/core/store'
import { generateSuite } from '../../electron/core/tasks'
import type { ModelConfig } from '../../shared'
import { kShotPrompts } from '../../shared/eval'
import { evalTaskOf } from '../../shared/schemas/task'
import { useBackend } from '../helpers/engine'
import { tempDir } from '../helpers/temp'

const tok = tokenizerFromSpec({ kind: 'byte' })
const config: ModelConfig = { layers: 1, heads: 2, width: 16, context: 96, vocab: 257, dropout: 0 }
const nli = generateSuite({ seed: 1, scale: 'small' }).tasks.find((t) => t.id === 'nli')!
/** The small suite's whole nli test split. */
const N = 120
const SEED = 1

let ops: Ops
beforeAll(async () => {
  ops = await useBackend('wasm')
})

/** Prompts (as the bytes the model reads) longer than `limit`, counted from the prompt texts alone. */
const longer = (format: 'default' | 'instruct', limit: number) =>
  kShotPrompts(evalTaskOf(nli).template, format, 0, nli.splits.train, nli.splits.test.slice(0, N), SEED).filter((t) => tok.encode(t).length > limit).length

function evaluate() {
  const gpt = new Gpt(config, ops)
  try {
    return evaluateParams(gpt, initParams(paramLayout(config), 5), tok, [nli], { splits: ['test'], formats: ['default', 'instruct'], shots: [0], maxExamples: N, seed: SEED })
  } finally {
    gpt.dispose()
  }
}

describe('prompts cut to the context', () => {
  it('counts them per evaluation: every instruct nli prompt, the few long default ones, none for the majority baseline', () => {
    const cells = evaluate()
    const at = (format: string, metric: string) => cells.find((c) => c.promptFormat === format && c.metric === metric)!
    // The prompts themselves: all instruct ones are longer than the context, some default ones are not.
    expect(longer('instruct', 96)).toBe(N)
    const defaultLong = longer('default', 96 - 1)
    expect(defaultLong).toBe(3)
    expect(at('instruct', 'accuracy')).toMatchObject({ n: N, truncated: N })
    expect(at('instruct', 'generation-accuracy')).toMatchObject({ n: N, truncated: N })
    // TokenProb reads the prompt and the space every label starts with: one byte more than the prompt.
    expect(at('default', 'accuracy').truncated).toBe(defaultLong)
    // Generation cuts a prompt only when it alone is longer than the context (greedy.ts): 1 of the 3.
    expect(longer('default', 96)).toBe(1)
    expect(at('default', 'generation-accuracy').truncated).toBe(1)
    expect(at('default', 'majority-baseline').truncated).toBeNull()
  })

  it('reaches the store through the worker protocol, and the protocol refuses a count that is not 0..n', () => {
    const cell = evaluate().find((c) => c.promptFormat === 'instruct' && c.metric === 'accuracy')!
    const message = FromWorker.parse({ type: 'evaluation', checkpointPath: '/c/10', ...cell })
    expect(message).toMatchObject({ type: 'evaluation', truncated: N })
    if (message.type !== 'evaluation') throw new Error('not an evaluation message')
    const dir = tempDir()
    const store = Store.open(join(dir.path, 'continuum.db'))
    try {
      const run = store.runs.create({ experimentId: null, name: 'pretrain', kind: 'pretrain', config: {}, parentCheckpointId: null, seed: 0, tags: [], notes: '' })
      const ckpt = store.checkpoints.create({ runId: run.id, step: 10, tokens: 160, path: join(dir.path, 'c10'), bytes: 1, sha256: 'a'.repeat(64) })
      const { checkpointPath: _path, type: _type, ...recorded } = message
      expect(store.evaluations.record({ checkpointId: ckpt.id, ...recorded }).truncated).toBe(N)
      expect(store.evaluations.listByCheckpoint(ckpt.id)[0]!.truncated).toBe(N)
    } finally {
      store.close()
      dir.cleanup()
    }
    const bad = (truncated: unknown) => FromWorker.safeParse({ type: 'evaluation', checkpointPath: '/c/10', ...cell, truncated })
    expect(bad(N + 1).error?.issues[0]).toMatchObject({ path: ['truncated'], message: 'truncated counts prompts, at most one per example (n)' })
    expect(bad(-1).success).toBe(false)
    expect(bad(1.5).success).toBe(false)
    expect(bad(null).success).toBe(true)
    // A line logged by a worker from before counts were kept: not counted.
    const { truncated: _t, ...old } = cell
    expect(FromWorker.parse({ type: 'evaluation', checkpointPath: '/c/10', ...old })).toMatchObject({ truncated: null })
  })
})
