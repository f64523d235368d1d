/**
 * Fan-out of app events to every connected renderer. Bursty events (metric batches, step
 * progress) are coalesced per run and flushed at most every `intervalMs`, so a job logging
 * thousands of points a second costs the renderer a few messages.
 */
import { EventPublisher } from '@orpc/server'
import type { AppEvent } from '../../../shared'

type MetricsEvent = Extract<AppEvent, { type: 'metrics.appended' }>
type ProgressEvent = Extract<AppEvent, { type: 'run.progress' }>

export class EventHub {
  private readonly publisher = new EventPublisher<{ event: AppEvent }>({ maxBufferedEvents: 1000 })
  private readonly pendingMetrics = new Map<number, MetricsEvent>()
  private readonly pendingProgress = new Map<number, ProgressEvent>()
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly intervalMs = 200) {}

  publish(event: AppEvent): void {
    if (event.type === 'metrics.appended') {
      const pending = this.pendingMetrics.get(event.runId)
      this.pendingMetrics.set(
        event.runId,
        pending
          ? {
              ...pending,
              keys: [...new Set([...pending.keys, ...event.keys])],
              count: pending.count + event.count,
              lastStep: Math.max(pending.lastStep, event.lastStep),
            }
          : event,
      )
      this.schedule()
    } else if (event.type === 'run.progress') {
      this.pendingProgress.set(event.runId, event)
      this.schedule()
    } else {
      this.publisher.publish('event', event)
    }
  }

  subscribe(signal?: AbortSignal): AsyncGenerator<AppEvent> {
    return this.publisher.subscribe('event', { signal })
  }

  listen(listener: (event: AppEvent) => void): () => void {
    return this.publisher.subscribe('event', listener)
  }

  /** Sends anything coalesced right away (used on shutdown and in tests). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    for (const event of this.pendingMetrics.values()) this.publisher.publish('event', event)
    for (const event of this.pendingProgress.values()) this.publisher.publish('event', event)
    this.pendingMetrics.clear()
    this.pendingProgress.clear()
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs)
  }
}
