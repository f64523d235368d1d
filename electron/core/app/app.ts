/**
 * The application layer: each function here writes to the store, then publishes the event
 * that says so, exactly once. The router, the runner and the CLI call these instead of
 * writing and publishing themselves, so no write goes unannounced and none is announced twice.
 * It imports only the store and the event hub (the layers below the runner).
 */
import type { EventHub } from '../events/event-hub'
import type { Store } from '../store'

/** What a write-then-publish needs: a ServiceContext and a Service both are one. */
export interface App {
  readonly store: Store
  readonly events: EventHub
}
