/**
 * One training phase as a worker runs it: load the backend, data and starting weights, train
 * with periodic checkpoints and validation, and report everything as messages. The process
 * plumbing lives in electron/worker; this module runs in-process in tests.
 */
import { join } from 'node:path'
import { parameterCount, type MetricPoint, type TrainJobSpec } from '../../../shared'
import { freeCheckpointFolder, loadCheckpoint, saveCheckpoint } from '../engine/checkpoint'
import { Batcher, CorpusSampler, ExampleSampler } from '../engine/data'
import { gptScorer } from '../engine/eval'
import { Gpt } from '../engine/model'
import { newAdamWState } from '../engine/optimizer'
import { makeOps } from '../engine/ops'
import { LocalGradientEngine, ThreadGradientEngine, type GradientEngine } from '../engine/parallel/gradient-engine'
import { initParams, paramLayout } from '../engine/params'
import { runtimeVersions, selectBackend } from '../engine/tf'
import { tokenizerFromSpec } from '../engine/tokenizer'
import { train, type Control, type TrainOutcome, type TrainState } from '../engine/train'
import { AppError } from '../errors'
import { readCorpus, readTaskFile } from './data-files'
import { evaluateParams } from './evaluate'
import { loadEvalTasks } from './eval-tasks'
import { corpusLossCells, loadHeldOut, splitCorpus, validationPoints } from './held-out'
import type { FromWorker } from './protocol'

export interface JobIo {
  emit(message: FromWorker): void
  control(): Control
}

/** Metric points are sent in batches at most this often, so the parent writes few transactions. */
const METRIC_FLUSH_MS = 250

export const checkpointFolder = (dir: string, step: number) => join(dir, `step-${String(step).padStart(7, '0')}`)

export async function runTrainJob(spec: TrainJobSpec, resumeFrom: string | null, io: JobIo): Promise<TrainOutcome> {
  const choice = await selectBackend(spec.backend)
  const ops = makeOps(choice.name)
  const tokenizer = tokenizerFromSpec(spec.tokenizer)
  const layout = paramLayout(spec.model)

  // ---- data ----
  let corpus: CorpusSampler | undefined
  if (spec.data.corpus) {
    const tokens = Int32Array.from(tokenizer.encode(await readCorpus(spec.data.corpus)))
    // Training and replay read only the part before the held-out split.
    const { train: trainPart } = splitCorpus(tokens, spec.data.validationFraction, spec.model.context)
    if (trainPart.length < spec.model.context + 1)
      throw new AppError('BAD_REQUEST', `The corpus has ${tokens.length} tokens; a context of ${spec.model.context} needs more.`)
    corpus = new CorpusSampler(trainPart, spec.seed)
  }
  const heldOutFiles = spec.data.heldOut.length > 0 ? spec.data.heldOut : spec.data.corpus ? [{ name: 'corpus', path: spec.data.corpus }] : []
  const heldOut = await loadHeldOut(heldOutFiles, tokenizer, spec.data.validationFraction, spec.model.context)
  let task: ExampleSampler | undefined
  if (spec.data.task) {
    const lines = await readTaskFile(spec.data.task)
    task = new ExampleSampler(
      lines.map((l) => ({ prompt: tokenizer.encode(l.prompt), completion: tokenizer.encode(l.completion) })),
      spec.seed,
      tokenizer.eos,
    )
  }
  const data = new Batcher({
    rows: spec.batch,
    // Fine-tuning rows are as long as the longest example, not the context: a 40-byte question
    // in a 96-byte row would spend 60% of every step on padding. Replayed windows are as long.
    time: task ? Math.min(spec.model.context, task.longest) : spec.model.context,
    ...(task ? { task } : {}),
    ...(corpus ? { corpus } : {}),
    replay: task ? spec.data.replay : 0,
  })

  // ---- starting point: this run's own checkpoint (resume), a parent checkpoint (branch), or the seed ----
  let state: TrainState
  const from = resumeFrom ?? (spec.init.from === 'checkpoint' ? spec.init.path : null)
  if (from) {
    const ckpt = await loadCheckpoint(from)
    if (JSON.stringify(ckpt.config) !== JSON.stringify(spec.model))
      throw new AppError('BAD_REQUEST', `The checkpoint ${from} has a different model configuration from this run.`)
    const resuming = resumeFrom !== null
    state = {
      params: ckpt.params,
      optimizer: resuming && ckpt.optimizer ? ckpt.optimizer : newAdamWState(layout.total),
      step: resuming ? ckpt.manifest.step : 0,
      tokensSeen: resuming ? ckpt.manifest.tokensSeen : 0,
    }
  } else {
    state = { params: initParams(layout, spec.seed), optimizer: newAdamWState(layout.total), step: 0, tokensSeen: 0 }
  }

  const engine: GradientEngine =
    spec.threads > 1 ? await ThreadGradientEngine.start(spec.model, choice.name, spec.threads, layout.total) : new LocalGradientEngine(spec.model, ops)
  io.emit({
    type: 'ready',
    backend: choice.name,
    simd: choice.simd ?? null,
    threads: engine.threads,
    unavailable: choice.unavailable,
    parameters: parameterCount(spec.model),
    runtime: runtimeVersions(),
  })

  // ---- reporting ----
  let pending: MetricPoint[] = []
  let lastFlush = 0
  const flush = () => {
    if (pending.length > 0) io.emit({ type: 'metrics', points: pending })
    pending = []
    lastFlush = performance.now()
  }
  const evalModel = new Gpt(spec.model, ops)
  const validate = (s: TrainState) => {
    if (heldOut.length > 0) pending.push(...validationPoints(gptScorer(evalModel, s.params), heldOut, { step: s.step, tokens: s.tokensSeen, wallTime: Date.now() }))
  }
  // Step 0 is the starting point's value (a fine-tune's parent, before any update), so a curve
  // of forgetting starts where the parent ended.
  if (state.step === 0) validate(state)
  let avgStepMs: number | undefined
  const every = spec.checkpoints.every
  const planned = new Set(spec.checkpoints.at)
  const evalPlan = spec.eval
  const evalTasks = evalPlan ? await loadEvalTasks(evalPlan) : []
  const evalCorpora = evalPlan ? await loadHeldOut(evalPlan.corpora, tokenizer, spec.data.validationFraction, spec.model.context) : []
  const evalDue = (step: number) => evalPlan !== null && (step === spec.steps || (evalPlan.every > 0 && step % evalPlan.every === 0))

  try {
    const outcome = await train(
      { config: spec.model, steps: spec.steps, accumulation: spec.accumulation, lr: spec.lr, adamw: spec.adamw, clip: spec.clip, seed: spec.seed },
      state,
      data,
      engine,
      {
        onStep: (r, s) => {
          const at = { step: r.step, tokens: r.tokensSeen, wallTime: Date.now() }
          pending.push(
            { key: 'train/loss', ...at, value: r.loss },
            { key: 'train/lr', ...at, value: r.lr },
            { key: 'train/grad_norm', ...at, value: r.gradNorm },
            { key: 'train/tokens_per_second', ...at, value: r.tokensPerSecond },
          )
          if (task) pending.push({ key: 'train/replay', ...at, value: r.replay })
          if (r.taskLoss !== null) pending.push({ key: 'train/task_loss', ...at, value: r.taskLoss })
          if (r.replayLoss !== null) pending.push({ key: 'train/replay_loss', ...at, value: r.replayLoss })
          if ((spec.evalEvery > 0 && r.step % spec.evalEvery === 0) || r.step === spec.steps) validate(s)
          avgStepMs = avgStepMs === undefined ? r.stepMs : 0.9 * avgStepMs + 0.1 * r.stepMs
          io.emit({
            type: 'progress',
            step: r.step,
            totalSteps: spec.steps,
            loss: r.loss,
            tokensSeen: r.tokensSeen,
            tokensPerSecond: r.tokensPerSecond,
            etaSeconds: ((spec.steps - r.step) * avgStepMs) / 1000,
          })
          if (performance.now() - lastFlush >= METRIC_FLUSH_MS) flush()
        },
        checkpointDue: (step) => planned.has(step) || (every !== null && step % every === 0) || evalDue(step),
        onCheckpoint: async (s) => {
          flush() // points up to this step reach the store before the checkpoint that covers them
          const saved = await saveCheckpoint(await freeCheckpointFolder(checkpointFolder(spec.checkpointDir, s.step)), {
            config: spec.model,
            tokenizer: spec.tokenizer,
            params: s.params,
            optimizer: s.optimizer,
            runId: spec.runId,
            step: s.step,
            tokensSeen: s.tokensSeen,
            parent: spec.init.from === 'checkpoint' ? spec.init.path : null,
            phase: spec.phase,
            seed: spec.seed,
          })
          // train() also saves when paused between planned steps: that one is only for resuming.
          const kind = planned.has(s.step) || (every !== null && s.step % every === 0) || evalDue(s.step) || s.step === spec.steps ? 'planned' : 'pause'
          io.emit({ type: 'checkpoint', step: s.step, tokens: s.tokensSeen, path: saved.path, bytes: saved.bytes, sha256: saved.sha256, kind })
          if (evalPlan && evalDue(s.step))
            for (const cell of [
              ...evaluateParams(evalModel, s.params, tokenizer, evalTasks, { ...evalPlan, seed: spec.seed }),
              ...corpusLossCells(gptScorer(evalModel, s.params), evalCorpora, spec.seed),
            ])
              io.emit({ type: 'evaluation', checkpointPath: saved.path, ...cell })
        },
        control: io.control,
      },
    )
    flush()
    return outcome
  } finally {
    evalModel.dispose()
    await engine.dispose()
  }
}
