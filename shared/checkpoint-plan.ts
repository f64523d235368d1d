/**
 * Where a phase saves checkpoints and how many steps it has: pure, so the schedule schema, the
 * expansion and the editor's previews compute the same plan.
 */
import type { BranchFrom, CheckpointPlan, Length } from './schemas/schedule'
import { ScheduleError } from './schedule-error'

/** The steps a plan saves at, the phase's last step always among them. */
export function planCheckpoints(plan: CheckpointPlan, total: number, path: (string | number)[]): number[] {
  let steps: number[]
  if (plan.kind === 'every') steps = Array.from({ length: Math.floor(total / plan.steps) }, (_, i) => (i + 1) * plan.steps)
  else if (plan.kind === 'log')
    steps = plan.count === 1 ? [total] : Array.from({ length: plan.count }, (_, i) => Math.round(Math.exp((Math.log(total) * i) / (plan.count - 1))))
  else {
    plan.steps.forEach((s, i) => {
      if (s > total) throw new ScheduleError([...path, 'steps', i], `step ${s} is after the phase's last step (${total})`)
    })
    steps = plan.steps
  }
  return [...new Set([...steps, total])].filter((s) => s >= 1).sort((a, b) => a - b)
}

/** Optimizer steps of a length in steps or tokens (batch × accumulation × context each). */
export function fixedSteps(length: Length, batch: number, accumulation: number, context: number): number {
  return 'steps' in length ? length.steps : Math.max(1, Math.ceil(length.tokens / (batch * accumulation * context)))
}

/** Optimizer steps of a phase: given, from tokens, or from epochs of the task. */
export function stepsFor(length: Length | { epochs: number }, batch: number, accumulation: number, context: number, taskSize: number, replay: number): number {
  if (!('epochs' in length)) return fixedSteps(length, batch, accumulation, context)
  const taskRowsPerStep = batch * accumulation * (1 - replay)
  return Math.max(1, Math.ceil((length.epochs * taskSize) / Math.max(taskRowsPerStep, 1e-9)))
}

/** The pre-training steps a branch starts from: every checkpoint, the last step, listed steps, or every k-th checkpoint. */
export function branchSteps(from: BranchFrom, checkpoints: readonly number[], lastStep: number): number[] {
  if (from === 'all') return [...checkpoints]
  if (from === 'final') return [lastStep]
  if ('steps' in from) return from.steps
  return checkpoints.filter((_, k) => k % from.everyKth === 0)
}
