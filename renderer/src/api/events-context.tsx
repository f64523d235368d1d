/**
 * One subscription to `events.subscribe` for the whole renderer, fanned out to every
 * component that listens. Components register with `useAppEvents`.
 */
import { createContext, use, useEffect, useEffectEvent, useState, type ReactNode } from 'react'
import type { AppEvent } from '../../../shared/schemas/events'
import { useApi } from './api-context'
import { reportError } from './report-error'

type Listener = (event: AppEvent) => void

class EventFanOut {
  private readonly listeners = new Set<Listener>()
  add(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  emit(event: AppEvent): void {
    for (const listener of this.listeners) listener(event)
  }
}

const EventsContext = createContext<EventFanOut | null>(null)

export function EventsProvider({ children }: { children: ReactNode }) {
  const client = useApi()
  const [fanOut] = useState(() => new EventFanOut())

  useEffect(() => {
    const controller = new AbortController()
    void (async () => {
      try {
        const iterator = await client.events.subscribe(undefined, { signal: controller.signal })
        for await (const event of iterator) fanOut.emit(event)
      } catch (error) {
        // A lost connection is reported once by the connection watcher, not per stream.
        if (!controller.signal.aborted && !/websocket|closed|aborted/i.test(String(error))) reportError('receive live updates', error)
      }
    })()
    return () => controller.abort()
  }, [client, fanOut])

  return <EventsContext value={fanOut}>{children}</EventsContext>
}

/** Calls `listener` with every app event while the component is mounted. */
export function useAppEvents(listener: Listener): void {
  const fanOut = use(EventsContext)
  if (!fanOut) throw new Error('useAppEvents() needs an <EventsProvider> above it')
  const onEvent = useEffectEvent(listener)
  useEffect(() => fanOut.add((event) => onEvent(event)), [fanOut])
}
