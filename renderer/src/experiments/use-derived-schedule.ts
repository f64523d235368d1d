/**
 * The editor's schedule with its derived fields (schedule-derived.ts) kept in step, and what
 * the loaded template said: its description and the tasks that description was written for.
 */
import { useState } from 'react'
import { freshDerived, follows, updateDerived, type Derived } from './schedule-derived'
import { getAt, setAt, type Json, type PathKey } from './schedule-value'

interface State {
  schedule: Json
  derived: Derived
  /** The template's description and the branches' tasks it describes; null for a blank schedule. */
  template: { description: string; tasks: string } | null
}

const tasksOf = (schedule: Json) => JSON.stringify((Array.isArray(getAt(schedule, ['branches'])) ? (getAt(schedule, ['branches']) as Json[]) : []).map((b) => getAt(b, ['tasks']) ?? null))

export interface DerivedSchedule {
  schedule: Json
  /** A schedule loaded whole; `fromTemplate` keeps its description to tell when its tasks change. */
  load(schedule: Json, fromTemplate: boolean): void
  /** A change from the JSON view: every field it changed is the user's. */
  replace(schedule: Json): void
  set(path: readonly PathKey[], next: Json | undefined, fresh?: readonly (readonly PathKey[])[]): void
  follows(path: readonly PathKey[]): boolean
  /** The template's description is still there unchanged while the tasks it describes changed. */
  staleDescription: boolean
}

export function useDerivedSchedule(initial: () => Json): DerivedSchedule {
  const [state, setState] = useState<State>(() => ({ ...freshDerived(initial()), template: null }))
  const change = (next: (s: Json) => Json, fresh: readonly (readonly PathKey[])[] = []) =>
    setState((s) => ({ ...s, ...updateDerived(s.schedule, next(s.schedule), s.derived, fresh) }))
  const description = getAt(state.schedule, ['description'])
  return {
    schedule: state.schedule,
    load: (schedule, fromTemplate) =>
      setState({
        ...freshDerived(schedule),
        template: fromTemplate ? { description: typeof getAt(schedule, ['description']) === 'string' ? String(getAt(schedule, ['description'])) : '', tasks: tasksOf(schedule) } : null,
      }),
    replace: (schedule) => change(() => schedule),
    set: (path, next, fresh) => change((s) => setAt(s, path, next), fresh),
    follows: (path) => follows(state.derived, path),
    staleDescription: state.template !== null && state.template.description !== '' && description === state.template.description && tasksOf(state.schedule) !== state.template.tasks,
  }
}
