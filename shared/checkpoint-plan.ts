/**
 * Where a phase saves checkpoints and how many steps it has: pure, so the schedule schema, the
 * expansion and the editor's previews compute the same plan.
 */
import type { CheckpointPlan, Length } from './schemas/schedule'
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

/** Optimizer steps of a phase: given, from tokens (batch × accumulation × context each), or from epochs of the task. */
export function stepsFor(length: Length | { epochs: number }, batch: number, accumulation: number, context: number, taskSize: number, replay: number): number {
  if ('steps' in length) return length.steps
  if ('tokens' in length) return Math.max(1, Math.ceil(length.tokens / (batch * accumulation * context)))
  const taskRowsPerStep = batch * accumulation * (1 - replay)
  return Math.max(1, Math.ceil((length.epochs * taskSize) / Math.max(taskRowsPerStep, 1e-9)))
}
