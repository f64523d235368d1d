/** An evaluation job: load each checkpoint and evaluate it on the plan's tasks. */
import type { EvalJobSpec } from '../../../shared'
import { loadCheckpoint } from '../engine/checkpoint'
import { gptScorer } from '../engine/eval'
import { Gpt } from '../engine/model'
import { makeOps } from '../engine/ops'
import { runtimeVersions, selectBackend } from '../engine/tf'
import { tokenizerFromSpec } from '../engine/tokenizer'
import { evaluateParams } from './evaluate'
import { loadEvalTasks } from './eval-tasks'
import { HELD_OUT_FRACTION, corpusLossCells, loadHeldOut } from './held-out'
import type { JobIo } from './train-job'

export async function runEvalJob(spec: EvalJobSpec, io: JobIo): Promise<'completed' | 'cancelled'> {
  const choice = await selectBackend(spec.backend)
  const ops = makeOps(choice.name)
  const tasks = await loadEvalTasks(spec.eval)
  io.emit({ type: 'ready', backend: choice.name, simd: choice.simd ?? null, threads: 1, unavailable: choice.unavailable, parameters: 0, runtime: runtimeVersions() })
  const started = performance.now()
  let corpora: Awaited<ReturnType<typeof loadHeldOut>> | undefined
  for (const [i, path] of spec.checkpoints.entries()) {
    const ckpt = await loadCheckpoint(path)
    const gpt = new Gpt(ckpt.config, ops)
    try {
      const tokenizer = tokenizerFromSpec(ckpt.tokenizer)
      corpora ??= await loadHeldOut(spec.eval.corpora, tokenizer, HELD_OUT_FRACTION, ckpt.config.context)
      const cells = [...evaluateParams(gpt, ckpt.params, tokenizer, tasks, { ...spec.eval, seed: spec.seed }), ...corpusLossCells(gptScorer(gpt, ckpt.params), corpora, spec.seed)]
      for (const cell of cells) io.emit({ type: 'evaluation', checkpointPath: path, ...cell })
    } finally {
      gpt.dispose()
    }
    const perCheckpoint = (performance.now() - started) / (i + 1)
    io.emit({ type: 'progress', step: i + 1, totalSteps: spec.checkpoints.length, loss: 0, tokensSeen: 0, tokensPerSecond: 0, etaSeconds: ((spec.checkpoints.length - i - 1) * perCheckpoint) / 1000 })
    await new Promise<void>((resolve) => setImmediate(resolve))
    if (io.control() !== 'run') return 'cancelled'
  }
  return 'completed'
}
