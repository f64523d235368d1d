/**
 * The training loop. One step: learning rate from the schedule, gradients summed over the
 * micro-batches, normalised by the number of target tokens, clipped, AdamW — all of it done by
 * the engine (in this thread, or across gradient threads, each over its range of the
 * parameters). Progress leaves through hooks; nothing here knows about processes, files or the
 * database.
 */
import { deriveSeed, lrAt, type LrSchedule, type ModelConfig } from '../../../shared'
import type { Batcher } from './data'
import { clipScale, type AdamWConfig, type AdamWState } from './optimizer'
import type { GradientEngine } from './parallel/gradient-engine'

export interface TrainSpec {
  config: ModelConfig
  /** Optimizer steps in this phase. */
  steps: number
  accumulation: number
  lr: LrSchedule
  adamw: AdamWConfig
  /** Maximum global gradient norm; 0 turns clipping off. */
  clip: number
  seed: number
}

export interface TrainState {
  params: Float32Array
  optimizer: AdamWState
  /** Steps completed in this phase. */
  step: number
  tokensSeen: number
}

export interface StepReport {
  step: number
  loss: number
  lr: number
  gradNorm: number
  tokensSeen: number
  tokensPerSecond: number
  /** Share of this step's rows that came from the pre-training corpus. */
  replay: number
  /** Fine-tuning: the loss on the task rows alone, and on the replayed rows alone (null when the step has none). */
  taskLoss: number | null
  replayLoss: number | null
  stepMs: number
}

export type Control = 'run' | 'pause' | 'cancel'

export interface TrainHooks {
  onStep?(report: StepReport, state: TrainState): void | Promise<void>
  /** Whether to save a checkpoint once `step` steps are done. */
  checkpointDue?(step: number): boolean
  onCheckpoint?(state: TrainState): Promise<void>
  /** Asked between steps: pause saves a checkpoint and stops; cancel stops at once. */
  control?(): Control
}

export type TrainOutcome = 'completed' | 'paused' | 'cancelled'

export async function train(spec: TrainSpec, state: TrainState, data: Batcher, engine: GradientEngine, hooks: TrainHooks = {}): Promise<TrainOutcome> {
  // While the loop runs, the parameters and moments live where the engine updates them in place
  // (memory shared with its threads); afterwards the state has arrays of its own again.
  engine.adopt(state)
  try {
    return await steps(spec, state, data, engine, hooks)
  } finally {
    engine.release(state)
  }
}

async function steps(spec: TrainSpec, state: TrainState, data: Batcher, engine: GradientEngine, hooks: TrainHooks): Promise<TrainOutcome> {
  while (state.step < spec.steps) {
    const started = performance.now()
    const lr = lrAt(spec.lr, state.step)
    let lossSum = 0
    let weightSum = 0
    let replayLossSum = 0
    let replayWeightSum = 0
    let tokens = 0
    let replayed = 0
    let rows = 0
    for (let micro = 0; micro < spec.accumulation; micro++) {
      const index = state.step * spec.accumulation + micro
      const batch = data.batch(index)
      // The engine adds each micro-batch's gradients into the step's sum.
      const r = await engine.compute(state.params, batch, deriveSeed(spec.seed, 'dropout', index), micro > 0)
      lossSum += r.lossSum
      weightSum += r.weightSum
      replayLossSum += r.replayLossSum
      replayWeightSum += r.replayWeightSum
      tokens += batch.batch * batch.time
      replayed += data.replayCount(index)
      rows += batch.batch
    }
    if (weightSum === 0) throw new Error(`Step ${state.step + 1}: no target tokens in the batch (every position is masked).`)
    // Normalise by the number of target tokens and take the global norm in one pass; the clip
    // factor is applied inside the AdamW update.
    const gradNorm = await engine.normalise(weightSum)
    await engine.update(state, lr, spec.adamw, clipScale(gradNorm, spec.clip))
    state.step += 1
    state.tokensSeen += tokens

    const stepMs = performance.now() - started
    const loss = lossSum / weightSum
    if (!Number.isFinite(loss)) throw new Error(`Step ${state.step}: the loss is ${loss}; training diverged (lower the learning rate).`)
    const taskWeight = weightSum - replayWeightSum
    const split = data.fineTuning
      ? { taskLoss: taskWeight > 0 ? (lossSum - replayLossSum) / taskWeight : null, replayLoss: replayWeightSum > 0 ? replayLossSum / replayWeightSum : null }
      : { taskLoss: null, replayLoss: null }
    await hooks.onStep?.({ step: state.step, loss, lr, gradNorm, tokensSeen: state.tokensSeen, tokensPerSecond: (tokens / stepMs) * 1000, replay: replayed / rows, ...split, stepMs }, state)
    if (hooks.checkpointDue?.(state.step) || state.step === spec.steps) await hooks.onCheckpoint?.(state)
    // Let pending messages (pause, cancel) in: a step's awaits are all microtasks.
    await new Promise<void>((resolve) => setImmediate(resolve))
    const control = hooks.control?.() ?? 'run'
    if (control === 'cancel') return 'cancelled'
    if (control === 'pause') {
      if (!hooks.checkpointDue?.(state.step) && state.step !== spec.steps) await hooks.onCheckpoint?.(state)
      return 'paused'
    }
  }
  return 'completed'
}
