/**
 * Fields of a schedule derived from a phase's length: the LR schedule's decay end (`total`)
 * and warm-up, the checkpoint steps, and the branch points that name a checkpoint. Each
 * follows its source until the user edits it; from then on it is theirs.
 *
 * A field follows in proportion (a warm-up of 5 of 200 steps becomes 2 of 60; checkpoints at
 * 50, 100, 200 of 200 become 15, 30, 60), and a branch point keeps its place in the checkpoint
 * plan (the 3rd checkpoint stays the 3rd). The proportion is taken once, when the field is
 * anchored, so typing a length through 6 → 60 → 600 never compounds rounding.
 */
import { planCheckpoints } from '../../../shared/checkpoint-plan'
import { CheckpointPlan } from '../../../shared/schemas/schedule'
import { ScheduleError } from '../../../shared/schedule-error'
import { getAt, pathText, setAt, type Json, type PathKey } from './schedule-value'

export type Anchor =
  | { path: PathKey[]; phase: PathKey[]; fraction: number; min: number }
  | { path: PathKey[]; phase: PathKey[]; fractions: number[] }
  | { path: PathKey[]; checkpoints: number[] }

export interface Derived {
  /** By field (`pretrain.lr.total`): how the field follows. */
  anchors: ReadonlyMap<string, Anchor>
  /** Fields the user set themselves, by key: they no longer follow. */
  edited: ReadonlyMap<string, PathKey[]>
}

export const NO_DERIVED: Derived = { anchors: new Map(), edited: new Map() }

const LISTS = ['continual', 'branches', 'sequences'] as const

const num = (v: Json | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const isNumList = (v: Json | undefined): v is number[] => Array.isArray(v) && v.length > 0 && v.every((x) => num(x) !== null)

/** The phases (pre-training, continual phases, branches, sequences) as paths into the schedule. */
export function phasePaths(schedule: Json): PathKey[][] {
  const out: PathKey[][] = [['pretrain']]
  for (const list of LISTS) {
    const items = getAt(schedule, [list])
    if (Array.isArray(items)) items.forEach((_, i) => out.push([list, i]))
  }
  return out
}

/** A phase's optimizer steps from its length (steps, or tokens over batch × accumulation × context); null when not known here. */
export function phaseSteps(schedule: Json, phase: readonly PathKey[]): number | null {
  const length = getAt(schedule, [...phase, 'length'])
  const steps = num(getAt(length, ['steps']))
  if (steps !== null) return steps >= 1 ? Math.round(steps) : null
  const tokens = num(getAt(length, ['tokens']))
  const batch = num(getAt(schedule, [...phase, 'batch']))
  const accumulation = num(getAt(schedule, [...phase, 'accumulation'])) ?? 1
  const context = num(getAt(schedule, ['model', 'context']))
  if (tokens === null || !batch || !context || tokens < 1 || accumulation < 1) return null
  return Math.max(1, Math.ceil(tokens / (batch * accumulation * context)))
}

/** The pre-training checkpoint plan, or null while it is not valid. */
function pretrainPlan(schedule: Json): number[] | null {
  const steps = phaseSteps(schedule, ['pretrain'])
  const plan = CheckpointPlan.safeParse(getAt(schedule, ['pretrain', 'checkpoints']))
  if (steps === null || !plan.success) return null
  try {
    return planCheckpoints(plan.data, steps, ['pretrain', 'checkpoints'])
  } catch (error) {
    if (error instanceof ScheduleError) return null
    throw error
  }
}

/** Every field that can follow a source, with the anchor it would get from its value now. */
function candidates(schedule: Json): Anchor[] {
  const out: Anchor[] = []
  for (const phase of phasePaths(schedule)) {
    const steps = phaseSteps(schedule, phase)
    if (steps === null) continue
    const lr = getAt(schedule, [...phase, 'lr'])
    const total = num(getAt(lr, ['total']))
    const warmup = num(getAt(lr, ['warmup']))
    if (total !== null) out.push({ path: [...phase, 'lr', 'total'], phase, fraction: total / steps, min: 1 })
    if (warmup !== null) out.push({ path: [...phase, 'lr', 'warmup'], phase, fraction: warmup / steps, min: 0 })
    const checkpoints = getAt(schedule, [...phase, 'checkpoints'])
    const kind = getAt(checkpoints, ['kind'])
    const every = num(getAt(checkpoints, ['steps']))
    const at = getAt(checkpoints, ['steps'])
    if (kind === 'every' && every !== null) out.push({ path: [...phase, 'checkpoints', 'steps'], phase, fraction: every / steps, min: 1 })
    if (kind === 'at' && isNumList(at)) out.push({ path: [...phase, 'checkpoints', 'steps'], phase, fractions: at.map((s) => s / steps) })
  }
  // Branch points name checkpoints of the pre-training plan: they keep their place in it.
  const plan = pretrainPlan(schedule)
  if (plan) {
    const branches = getAt(schedule, ['branches'])
    if (Array.isArray(branches))
      branches.forEach((_, i) => {
        const from = getAt(schedule, ['branches', i, 'from', 'steps'])
        const at = isNumList(from) ? from.map((s) => plan.indexOf(s)) : []
        if (at.length > 0 && at.every((k) => k >= 0)) out.push({ path: ['branches', i, 'from', 'steps'], checkpoints: at })
      })
    const sequences = getAt(schedule, ['sequences'])
    if (Array.isArray(sequences))
      sequences.forEach((_, i) => {
        const k = plan.indexOf(num(getAt(schedule, ['sequences', i, 'from', 'step'])) ?? NaN)
        if (k >= 0) out.push({ path: ['sequences', i, 'from', 'step'], checkpoints: [k] })
      })
  }
  return out
}

/** What an anchored field reads for the schedule as it is now; undefined while its source is not known. */
function follow(schedule: Json, anchor: Anchor, plan: number[] | null): Json | undefined {
  if ('checkpoints' in anchor) {
    if (!plan || anchor.checkpoints.some((k) => k >= plan.length)) return undefined
    const steps = anchor.checkpoints.map((k) => plan[k]!)
    return anchor.path[anchor.path.length - 1] === 'step' ? steps[0]! : [...new Set(steps)]
  }
  const steps = phaseSteps(schedule, anchor.phase)
  if (steps === null) return undefined
  if ('fraction' in anchor) return Math.max(anchor.min, Math.round(anchor.fraction * steps))
  return [...new Set(anchor.fractions.map((f) => Math.min(steps, Math.max(1, Math.round(f * steps)))))]
}

const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a) === JSON.stringify(b)

/** Keys under `prefix` (the key itself, `prefix.x` or `prefix[0]`). */
const under = (key: string, prefix: string) => key === prefix || key.startsWith(`${prefix}.`) || key.startsWith(`${prefix}[`)

/**
 * Where each item of the phase lists went when one was added or removed (the form keeps the
 * untouched items as the same objects); null for a list whose length did not change.
 */
function listMoves(prev: Json, next: Json): Map<string, Map<number, number>> {
  const moves = new Map<string, Map<number, number>>()
  for (const list of LISTS) {
    const before = getAt(prev, [list])
    const after = getAt(next, [list])
    if (!Array.isArray(before) || !Array.isArray(after) || before.length === after.length) continue
    const to = new Map<number, number>()
    after.forEach((item, j) => {
      const i = before.indexOf(item)
      if (i >= 0) to.set(i, j)
    })
    moves.set(list, to)
  }
  return moves
}

/** A path after the list moves; null when its item was removed (or replaced). */
function movePath(path: PathKey[], moves: Map<string, Map<number, number>>): PathKey[] | null {
  const to = moves.get(String(path[0]))
  if (!to) return path
  const j = to.get(Number(path[1]))
  return j === undefined ? null : [path[0]!, j, ...path.slice(2)]
}

/**
 * The schedule after a change from `prev` to `next`: fields the change set themselves become
 * the user's; fields under `fresh` (a kind just picked, a template just loaded) start
 * following anew; every field still following takes its value from its source.
 */
export function updateDerived(prev: Json, next: Json, state: Derived, fresh: readonly (readonly PathKey[])[] = []): { schedule: Json; derived: Derived } {
  const freshKeys = fresh.map((p) => pathText(p))
  const isFresh = (key: string) => freshKeys.some((f) => under(key, f))
  const moves = listMoves(prev, next)
  const anchors = new Map<string, Anchor>()
  const edited = new Map<string, PathKey[]>()
  for (const path of state.edited.values()) {
    const moved = movePath(path, moves)
    if (moved && !isFresh(pathText(moved))) edited.set(pathText(moved), moved)
  }
  for (const anchor of state.anchors.values()) {
    const path = movePath(anchor.path, moves)
    if (!path) continue
    const key = pathText(path)
    if (isFresh(key)) continue
    // The change itself set this field (a typed value, the JSON view): it is the user's now.
    if (path === anchor.path && !same(getAt(prev, anchor.path), getAt(next, anchor.path))) {
      edited.set(key, path)
      continue
    }
    anchors.set(key, 'phase' in anchor ? { ...anchor, path, phase: movePath(anchor.phase, moves) ?? anchor.phase } : { ...anchor, path })
  }
  // Fields that can follow and have no anchor yet (a new branch, a kind just picked) start following their value now.
  for (const c of candidates(next)) {
    const key = pathText(c.path)
    if (!anchors.has(key) && !edited.has(key)) anchors.set(key, c)
  }
  // Lengths first, then branch points, which read the checkpoint plan the lengths just moved.
  let schedule = next
  for (const anchor of anchors.values()) {
    if ('checkpoints' in anchor) continue
    const value = follow(schedule, anchor, null)
    if (value !== undefined && !same(value, getAt(schedule, anchor.path))) schedule = setAt(schedule, anchor.path, value)
  }
  const plan = pretrainPlan(schedule)
  for (const anchor of anchors.values()) {
    if (!('checkpoints' in anchor)) continue
    const value = follow(schedule, anchor, plan)
    if (value !== undefined && !same(value, getAt(schedule, anchor.path))) schedule = setAt(schedule, anchor.path, value)
  }
  return { schedule, derived: { anchors, edited } }
}

/** A schedule loaded whole (a template, a blank one): every derived field follows anew. */
export function freshDerived(schedule: Json): { schedule: Json; derived: Derived } {
  return updateDerived(schedule, schedule, NO_DERIVED)
}

/** True while the field at `path` follows its source. */
export function follows(derived: Derived, path: readonly PathKey[]): boolean {
  return derived.anchors.has(pathText(path))
}
