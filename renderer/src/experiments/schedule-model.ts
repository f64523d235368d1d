/**
 * What the editor's previews need from a schedule, computed with the worker's own functions:
 * phase lengths (`fixedSteps`), checkpoint plans (`planCheckpoints`) and branch points (`branchSteps`).
 */
import { branchSteps, ExperimentSchedule, fixedSteps, planCheckpoints, ScheduleError, type LrSchedule } from '../../../shared'
import type { Json } from './schedule-value'

export interface Phase {
  id: string
  name: string
  steps: number
  lr: LrSchedule
}

export interface BranchPlan {
  index: number
  name: string
  fromSteps: number[]
  tasks: string[]
  replay: number[]
  steps: number | null
  rows: number
  lr: LrSchedule
}

export interface ScheduleModel {
  schedule: ExperimentSchedule
  pretrainSteps: number
  checkpoints: number[]
  phases: Phase[]
  branches: BranchPlan[]
  seeds: number
}

export function scheduleModel(value: Json | undefined): { model: ScheduleModel } | { error: string } {
  const parsed = ExperimentSchedule.safeParse(value)
  if (!parsed.success) return { error: 'The schedule has errors; the previews show once it is valid.' }
  const s = parsed.data
  const context = s.model.context
  // A fine-tune's length in epochs depends on its task's size, which the editor does not know.
  const stepsOf = (length: Parameters<typeof fixedSteps>[0] | { epochs: number }, batch: number, acc: number) => ('epochs' in length ? null : fixedSteps(length, batch, acc, context))
  try {
    const pretrainSteps = fixedSteps(s.pretrain.length, s.pretrain.batch, s.pretrain.accumulation, context)
    const checkpoints = planCheckpoints(s.pretrain.checkpoints, pretrainSteps, ['pretrain', 'checkpoints'])
    const phases: Phase[] = [{ id: 'pretrain', name: 'Pre-training', steps: pretrainSteps, lr: s.pretrain.lr }]
    s.continual.forEach((c, i) => phases.push({ id: `continual-${i}`, name: c.name, steps: fixedSteps(c.length, c.batch, c.accumulation, context), lr: c.lr }))
    const branches = s.branches.map((b, index): BranchPlan => {
      const fromSteps = branchSteps(b.from, checkpoints, pretrainSteps)
      return { index, name: b.name, fromSteps, tasks: b.tasks, replay: b.replay, steps: stepsOf(b.length, b.batch, b.accumulation), rows: b.batch * b.accumulation, lr: b.lr }
    })
    branches.forEach((b) => {
      if (b.steps !== null) phases.push({ id: `branch-${b.index}`, name: `${b.name} (fine-tuning)`, steps: b.steps, lr: b.lr })
    })
    return { model: { schedule: s, pretrainSteps, checkpoints, phases, branches, seeds: s.seeds.length } }
  } catch (error) {
    if (error instanceof ScheduleError) return { error: error.message }
    throw error
  }
}
