/** The latest `run.progress` event of every run, kept while the page is open. */
import { useState } from 'react'
import type { AppEvent } from '../../../shared/schemas/events'
import { useAppEvents } from '../api/events-context'

export type RunProgress = Extract<AppEvent, { type: 'run.progress' }>

export function useRunProgress(): ReadonlyMap<number, RunProgress> {
  const [progress, setProgress] = useState<ReadonlyMap<number, RunProgress>>(new Map())
  useAppEvents((event) => {
    if (event.type === 'run.progress') setProgress((previous) => new Map(previous).set(event.runId, event))
  })
  return progress
}
