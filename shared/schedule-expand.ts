/**
 * Expanding a schedule into a job graph: the product of a sweep's lists becomes one job each,
 * and a fine-tuning job depends on the job whose checkpoint it starts from. Pure, so the
 * editor's dry run and the runner see the same graph. Job keys are stable: running the same
 * schedule again finds the same jobs (and resumes them).
 */
import { stageReplay, type ExperimentSchedule } from './schemas/schedule'
import { idlePlan, type RunPlan } from './schemas/run-plan'
import { branchSteps, fixedSteps, planCheckpoints, stepsFor } from './checkpoint-plan'
import { ScheduleError } from './schedule-error'

export { branchSteps, fixedSteps, planCheckpoints, stepsFor } from './checkpoint-plan'
export { ScheduleError } from './schedule-error'

export interface ExpandContext {
  /** Training examples per task, for `epochs` lengths; a missing task is an error. */
  taskSizes: Record<string, number>
}

const pct = (p: number) => `${+(p * 100).toFixed(2)}%`

export function expandSchedule(s: ExperimentSchedule, ctx: ExpandContext): RunPlan[] {
  const jobs: RunPlan[] = []
  const context = s.model.context
  const knownTask = (task: string, path: (string | number)[]) => {
    if (!(task in ctx.taskSizes)) throw new ScheduleError(path, `unknown task "${task}"`)
  }

  // Every job runs with the schedule's optimizer and validation settings.
  const base = (seed: number) => ({ ...idlePlan(seed), optimizer: s.optimizer, validation: s.validation })

  s.branches.forEach((b, i) => b.tasks.forEach((t, j) => knownTask(t, ['branches', i, 'tasks', j])))
  s.sequences.forEach((q, i) => q.tasks.forEach((t, j) => knownTask(t, ['sequences', i, 'tasks', j])))

  for (const seed of s.seeds) {
    const sk = `seed-${seed}`
    // ---- pre-training ----
    const pre = s.pretrain
    const preSteps = fixedSteps(pre.length, pre.batch, pre.accumulation, context)
    const preCkpts = planCheckpoints(pre.checkpoints, preSteps, ['pretrain', 'checkpoints'])
    const preKey = `${sk}/pretrain`
    jobs.push({
      ...base(seed),
      key: preKey,
      name: `pretrain · seed ${seed}`,
      kind: 'pretrain',
      dependsOn: [],
      init: { from: 'scratch' },
      corpus: pre.corpus,
      steps: preSteps,
      batch: pre.batch,
      accumulation: pre.accumulation,
      lr: pre.lr,
      checkpointSteps: preCkpts,
      tokens: preSteps * pre.batch * pre.accumulation * context,
      tags: ['pretrain'],
    })
    if (s.baseEval)
      jobs.push({
        ...base(seed),
        key: `${sk}/base-eval`,
        name: `base evaluation · seed ${seed}`,
        kind: 'evaluate',
        dependsOn: [preKey],
        init: { from: 'job', job: preKey, step: preSteps },
        steps: 0,
        batch: 0,
        lr: null,
        eval: s.baseEval,
        evaluateSteps: preCkpts,
        tokens: 0,
        tags: ['base-eval'],
      })

    // ---- continual phases, each from the previous phase's end ----
    let prev = { key: preKey, step: preSteps }
    s.continual.forEach((c, i) => {
      const steps = fixedSteps(c.length, c.batch, c.accumulation, context)
      const key = `${sk}/continual/${c.name}`
      jobs.push({
        ...base(seed),
        key,
        name: `${c.name} · seed ${seed}`,
        kind: 'continual',
        dependsOn: [prev.key],
        init: { from: 'job', job: prev.key, step: prev.step },
        corpus: c.corpus,
        steps,
        batch: c.batch,
        accumulation: c.accumulation,
        lr: c.lr,
        checkpointSteps: planCheckpoints(c.checkpoints, steps, ['continual', i, 'checkpoints']),
        tokens: steps * c.batch * c.accumulation * context,
        tags: ['continual', c.name],
      })
      prev = { key, step: steps }
    })

    // ---- fine-tuning branches: checkpoints × tasks × replay ratios ----
    s.branches.forEach((b, i) => {
      const from = branchSteps(b.from, preCkpts, preSteps)
      from.forEach((step, k) => {
        if (!preCkpts.includes(step)) throw new ScheduleError(['branches', i, 'from', 'steps', k], `step ${step} is not a pre-training checkpoint (${preCkpts.join(', ')})`)
      })
      for (const step of from)
        for (const task of b.tasks)
          for (const p of b.replay)
            for (const ft of b.seeds ?? [seed]) {
            const steps = stepsFor(b.length, b.batch, b.accumulation, context, ctx.taskSizes[task]!, p)
            // The lineage's own seed keeps the key it always had, so existing experiments resume.
            const seedKey = ft === seed ? '' : `/ft-seed-${ft}`
            jobs.push({
              ...base(ft),
              key: `${sk}/${b.name}/ckpt-${step}/${task}/replay-${p}${seedKey}`,
              name: `${task} from step ${step} · replay ${pct(p)} · seed ${ft}`,
              kind: 'finetune',
              dependsOn: [preKey],
              init: { from: 'job', job: preKey, step },
              corpus: p > 0 ? b.replayCorpus : null,
              task,
              replay: p,
              steps,
              batch: b.batch,
              accumulation: b.accumulation,
              lr: b.lr,
              checkpointSteps: [steps],
              eval: b.eval,
              tokens: steps * b.batch * b.accumulation * context,
              tags: ['finetune', b.name, task, `replay-${pct(p)}`, `from-${step}`],
            })
            }
    })

    // ---- task sequences A → B → C, every stage evaluated on every task of the sequence ----
    s.sequences.forEach((q) => {
      let at = q.from === 'final' ? { key: preKey, step: preSteps } : { key: preKey, step: q.from.step }
      q.tasks.forEach((task, stage) => {
        const replay = stageReplay(q, stage)
        const steps = stepsFor(q.length, q.batch, 1, context, ctx.taskSizes[task]!, replay)
        const key = `${sk}/${q.name}/stage-${stage + 1}-${task}`
        jobs.push({
          ...base(seed),
          key,
          name: `${q.name} stage ${stage + 1}: ${task} · seed ${seed}`,
          kind: 'finetune',
          dependsOn: [at.key],
          init: { from: 'job', job: at.key, step: at.step },
          corpus: replay > 0 ? s.pretrain.corpus : null,
          task,
          replay,
          steps,
          batch: q.batch,
          lr: q.lr,
          checkpointSteps: [steps],
          eval: { ...q.eval, tasks: [...new Set([...q.tasks, ...q.eval.tasks])] },
          tokens: steps * q.batch * context,
          tags: ['sequence', q.name, `stage-${stage + 1}`, task],
        })
        at = { key, step: steps }
      })
    })
  }
  // The schema refuses repeated seeds, tasks, ratios and names; this guards the rule that one key is one job.
  const keys = new Set<string>()
  for (const job of jobs) {
    if (keys.has(job.key)) throw new ScheduleError([], `two jobs would have the key "${job.key}"`)
    keys.add(job.key)
  }
  return jobs
}

export interface DryRun {
  jobs: number
  byKind: Record<RunPlan['kind'], number>
  trainingTokens: number
  /** Seconds at the given throughput, training only; evaluation is listed apart. */
  trainingSeconds: number
  evaluations: number
}

export function dryRun(jobs: RunPlan[], tokensPerSecond: number): DryRun {
  const byKind = { pretrain: 0, continual: 0, finetune: 0, evaluate: 0 }
  let tokens = 0
  let evaluations = 0
  for (const j of jobs) {
    byKind[j.kind]++
    tokens += j.tokens
    if (j.eval) evaluations += (j.kind === 'evaluate' ? j.evaluateSteps.length : 1) * j.eval.formats.length * j.eval.shots.length
  }
  return { jobs: jobs.length, byKind, trainingTokens: tokens, trainingSeconds: tokens / Math.max(tokensPerSecond, 1e-9), evaluations }
}
